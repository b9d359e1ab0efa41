import type { FastifyRequest } from 'fastify';
import { roleList, type Actor } from '../../domain/access/actor.ts';
import { boardPermissions } from '../../domain/access/permissions.ts';
import type { AppContext } from '../app-context.ts';
import type { SessionTable } from '../../db/schema.ts';
import { boardHoldsDemoData } from '../../db/demo/demo-data.ts';
import { findSignedInPerson } from '../../db/auth/sessions.ts';

/** What the web client learns about the person at sign-in and on reload. */
export async function sessionPayload(ctx: AppContext, request: FastifyRequest, session: SessionTable | null, actor: Actor | null) {
  const oidc = { enabled: !!ctx.config.oidc, label: ctx.config.oidc?.label ?? ctx.config.OIDC_LABEL };
  // The « Démonstration » marker shows on the sign-in page too (ORG-2).
  if (!session || !actor) return { signedIn: false as const, locale: request.locale, oidc, demo: await boardHoldsDemoData(ctx.db.kysely, ctx.boardId) };
  const { person, board } = await findSignedInPerson(ctx.db.kysely, actor);
  return {
    signedIn: true as const,
    csrfToken: session.csrf_token,
    locale: request.locale,
    person: { id: person.id, givenName: person.given_name, familyName: person.family_name, kind: person.kind },
    roles: roleList(actor),
    can: boardPermissions(actor),
    board: { id: board.id, name: board.name, legalProfile: board.legal_profile, demo: board.demo_seeded_at != null },
    oidc,
  };
}
