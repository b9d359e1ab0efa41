import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { createSession } from '../../db/auth/sessions.ts';
import { loadActor } from '../../db/people/load-actor.ts';
import type { SessionTable } from '../../db/schema.ts';
import { setSessionCookie } from './session-cookie.ts';
import { sessionPayload } from './session-payload.ts';
import { ApiError } from '../http/api-error.ts';

/** Opens a database session for a person who just proved who they are, and audits the sign-in. */
export async function startSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  method: SessionTable['auth_method'],
) {
  const actor = await loadActor(ctx.db.kysely, personId);
  if (!actor) throw new ApiError(401, 'auth.invalid_credentials');
  const { token, session } = await createSession(ctx.db.kysely, {
    personId,
    method,
    locale: request.locale,
    ip: request.ip,
    ttlHours: ctx.config.SESSION_TTL_HOURS,
    now: ctx.now(),
  });
  setSessionCookie(reply, token, { secure: ctx.config.COOKIE_SECURE, ttlHours: ctx.config.SESSION_TTL_HOURS });
  await request.audit({ actorId: personId, action: 'auth.sign_in', outcome: 'succeeded', details: { method } });
  request.session = session;
  request.actor = actor;
  return sessionPayload(ctx, request, session, actor);
}
