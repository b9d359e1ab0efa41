import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/actor.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import type { SessionTable } from '../../db/schema.ts';
import { findLiveSession, hashToken, touchSession } from '../../db/auth/sessions.ts';
import { loadActor } from '../../db/people/load-actor.ts';
import { ApiError, denied, signInRequired } from '../http/api-error.ts';
import { pickLocale, translate } from '../i18n/messages.ts';
import type { RouteAccess } from './route-access.ts';
import { callOf } from './call.ts';
import type { AppContext } from '../app-context.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import { recordAudit, type AuditNote } from '../audit/audit-trail.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    locale: Locale;
    session: SessionTable | null;
    actor: Actor | null;
    /** The rules this request's operations checked (authorize in call.ts). */
    authorizedRules: string[];
    /** Writes an audit entry for this request (actor, ip, request id filled in) and waits for its commit. */
    audit(note: AuditNote): Promise<void>;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_TOUCH_MS = 60_000;

/**
 * On every request, as soon as its cookies are read: the session and the person's roles and links,
 * from the database (never a copy: a restriction or a removed role counts from the next request,
 * on every instance), so that even a refusal raised before the handler (a body that cannot be
 * read) knows who asks and in which language. Before the handler: CSRF on state-changing
 * requests, then the route's access declaration (default deny), auditing refusals.
 */
export function registerRequestContext(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('locale', 'fr');
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('authorizedRules', null as unknown as string[]);
  app.decorateRequest('audit', function (this: FastifyRequest, note: AuditNote) {
    return recordAudit(ctx.audit, callOf(this), note);
  });

  app.addHook('onRequest', async (request) => {
    request.authorizedRules = [];
    request.locale = pickLocale(request.cookies?.balise_lang, request.headers['accept-language'], ctx.defaultLocale);
    await resolveSession(request, ctx);
  });

  app.addHook('preHandler', async (request) => {
    if (UNSAFE.has(request.method)) checkCsrf(request, ctx);
    await enforceAccess(request, ctx);
  });

  app.addHook('onSend', async (request, reply, payload) => refuseUncheckedAnswer(request, reply, payload));
}

async function resolveSession(request: FastifyRequest, ctx: AppContext): Promise<void> {
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return;
  const now = ctx.now();
  const session = await findLiveSession(ctx.db.kysely, hashToken(token), now);
  if (!session) return;
  const actor = await loadActor(ctx.db.kysely, session.person_id);
  if (!actor) return;
  request.session = session;
  request.actor = actor;
  if (!request.cookies?.balise_lang) request.locale = session.locale === 'en' ? 'en' : 'fr';
  if (now.getTime() - Date.parse(session.last_seen_at) > SESSION_TOUCH_MS) await touchSession(ctx.db.kysely, session.id, now);
}

/**
 * Signed-in requests carry the session's token in a header that another site cannot set.
 * Anonymous ones (sign-in forms) must come from our own origin when the browser says where from.
 */
function checkCsrf(request: FastifyRequest, ctx: AppContext) {
  const origin = request.headers.origin;
  if (origin && origin !== ctx.publicOrigin && origin !== `http://${request.headers.host}` && origin !== `https://${request.headers.host}`) {
    throw new ApiError(403, 'csrf.invalid');
  }
  if (request.session && request.headers['x-csrf-token'] !== request.session.csrf_token) {
    throw new ApiError(403, 'csrf.invalid');
  }
}

async function enforceAccess(request: FastifyRequest, ctx: AppContext): Promise<void> {
  // The not-found handler answers 404 and reveals nothing, whoever asks.
  if (request.is404) return;
  const declared = request.routeOptions.config?.access;
  if (!declared) {
    await request.audit({ action: 'access.undeclared_route', outcome: 'denied', details: { route: request.routeOptions.url } });
    throw denied();
  }
  if (declared.kind === 'public') return;
  if (!request.actor) throw signInRequired();
}

/** A route that names a rule answers only after an operation checked that rule (see call.ts). */
function refuseUncheckedAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const declared = request.routeOptions.config?.access;
  if (declared?.kind !== 'rule' || reply.statusCode >= 400 || request.authorizedRules.includes(declared.rule.name)) return payload;
  request.log.error({ route: request.routeOptions.url, rule: declared.rule.name }, 'answer refused: the route’s rule was never checked');
  reply.code(500).type('application/json; charset=utf-8');
  return JSON.stringify({ error: { code: 'internal', message: translate('internal', request.locale) } });
}
