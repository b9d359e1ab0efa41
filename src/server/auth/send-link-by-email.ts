import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import type { LinkPurpose } from '../../db/schema.ts';
import { countLinksSince, findLinkRecipient, issueMagicLink } from '../../db/auth/magic-links.ts';
import { normalizeLogin } from '../../domain/people/login-name.ts';
import type { AuditAction } from '../../domain/audit/audit-actions.ts';

/** What a person types to ask for a link: an e-mail address. */
export const LinkRequestBody = z.object({ email: z.email().max(320) });

/** The token a link carries back (either purpose). */
export const LinkToken = z.string().min(20).max(200);

/** Links a person may ask for within one link lifetime; more are not sent (the answer stays the same). */
const MAX_LINKS_PER_WINDOW = 3;

interface LinkKind {
  /** Sign-in links go to guardians; password links to staff and students. */
  purpose: LinkPurpose;
  /** Page the link opens; the token follows in its fragment. */
  page: string;
  mail(locale: Locale, link: string, ttlMinutes: number): { subject: string; text: string };
  /** Audit action of a request. */
  action: Extract<AuditAction, 'auth.magic_link_requested' | 'auth.password_link_requested'>;
}

/**
 * Sends a one-time link to an active person with this address, if there is one, in their
 * language. The answer is always 202 { sent: true }, so the form reveals nothing about who exists.
 */
export async function sendLinkByEmail(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, rawEmail: string, kind: LinkKind) {
  const k = ctx.db.kysely;
  const email = normalizeLogin(rawEmail);
  const now = ctx.now();
  const person = await findLinkRecipient(k, email, kind.purpose);
  reply.status(202);
  if (!person) return { sent: true };
  const ttl = ctx.config.MAGIC_LINK_TTL_MINUTES;
  if ((await countLinksSince(k, person.id, kind.purpose, new Date(now.getTime() - ttl * 60_000))) >= MAX_LINKS_PER_WINDOW) {
    await request.audit({ actorId: person.id, action: kind.action, outcome: 'denied', details: { reason: 'too_many' } });
    return { sent: true };
  }
  const token = await issueMagicLink(k, person.id, ttl, now, kind.purpose);
  const locale = request.cookies?.balise_lang ? request.locale : person.locale === 'en' ? 'en' : request.locale;
  await ctx.mailer.send({ to: email, ...kind.mail(locale, `${ctx.config.publicUrl}${kind.page}#${token}`, ttl) });
  await request.audit({ actorId: person.id, action: kind.action, outcome: 'succeeded' });
  return { sent: true };
}
