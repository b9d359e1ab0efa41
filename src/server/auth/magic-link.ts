import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { ApiError } from '../http/api-error.ts';
import { consumeMagicLink, issueMagicLink } from '../../db/auth/magic-links.ts';
import { startSession } from './start-session.ts';
import { magicLinkMail } from './magic-link-mail.ts';

const RequestBody = z.object({ email: z.email().max(320) });
const ConsumeBody = z.object({ token: z.string().min(20).max(200) });
const MAX_LINKS_PER_WINDOW = 3;

export function registerMagicLink(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const k = ctx.db.kysely;

  r.post('/api/auth/magic-link', {
    schema: { tags: ['auth'], summary: 'Ask for a one-time sign-in link by e-mail (guardians)', body: RequestBody },
    config: {
      access: access.public('guardians ask for a sign-in link'),
      rateLimit: { max: ctx.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: '1 minute' },
    },
    handler: async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const now = ctx.now();
      const guardian = await k
        .selectFrom('person')
        .select(['id', 'locale'])
        .where('email_normalized', '=', email)
        .where('kind', '=', 'guardian')
        .where('status', '=', 'active')
        .executeTakeFirst();
      // Same answer whether or not the address is known, so the form reveals nothing.
      reply.status(202);
      if (!guardian) return { sent: true };
      const windowStart = new Date(now.getTime() - ctx.config.MAGIC_LINK_TTL_MINUTES * 60_000).toISOString();
      const recent = await k
        .selectFrom('magic_link')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('person_id', '=', guardian.id)
        .where('created_at', '>', windowStart)
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= MAX_LINKS_PER_WINDOW) {
        await request.audit({ actorId: guardian.id, action: 'auth.magic_link_requested', outcome: 'denied', details: { reason: 'too_many' } });
        return { sent: true };
      }
      const token = await issueMagicLink(k, guardian.id, ctx.config.MAGIC_LINK_TTL_MINUTES, now);
      const locale = request.cookies?.balise_lang ? request.locale : guardian.locale === 'en' ? 'en' : request.locale;
      await ctx.mailer.send({ to: email, ...magicLinkMail(locale, `${ctx.config.publicUrl}/connexion/lien#${token}`, ctx.config.MAGIC_LINK_TTL_MINUTES) });
      await request.audit({ actorId: guardian.id, action: 'auth.magic_link_requested', outcome: 'succeeded' });
      return { sent: true };
    },
  });

  r.post('/api/auth/magic-link/consume', {
    schema: { tags: ['auth'], summary: 'Sign in with a one-time link', body: ConsumeBody },
    config: {
      access: access.public('guardians follow their sign-in link'),
      rateLimit: { max: ctx.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: '1 minute' },
    },
    handler: async (request, reply) => {
      const personId = await consumeMagicLink(k, request.body.token, ctx.now());
      if (!personId) {
        await request.audit({ actorId: null, action: 'auth.sign_in', outcome: 'failed', details: { method: 'magic_link', reason: 'invalid_link' } });
        throw new ApiError(410, 'auth.link_invalid');
      }
      return startSession(ctx, request, reply, personId, 'magic_link');
    },
  });
}
