import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/actor.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import type { SessionTable } from '../../db/schema.ts';
import type { AuditEntry } from '../../db/audit/append-audit-entries.ts';
import { ApiError, denied, notFound, signInRequired } from '../http/api-error.ts';
import { pickLocale } from '../i18n/messages.ts';
import type { AuditedTarget, RouteAccess, RuleAccess } from './route-access.ts';
import type { AppContext } from '../app-context.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    locale: Locale;
    session: SessionTable | null;
    actor: Actor | null;
    target: AuditedTarget<unknown> | null;
    /** Writes an audit entry for this request (actor, ip, request id filled in) and waits for its commit. */
    audit(entry: RequestAuditEntry): Promise<void>;
    /** The same entry, completed but not written: for appending inside the caller's own transaction. */
    auditEntry(entry: RequestAuditEntry): AuditEntry;
  }
}

type RequestAuditEntry = Omit<AuditEntry, 'actorId' | 'ip' | 'requestId'> & { actorId?: string | null };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_TOUCH_MS = 60_000;

/**
 * Runs before every handler: finds the session and the actor, checks CSRF on state-changing
 * requests, then enforces the route's access declaration (default deny), auditing refusals.
 */
export function registerRequestContext(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('locale', 'fr');
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('target', null);
  app.decorateRequest('auditEntry', function (this: FastifyRequest, entry: RequestAuditEntry): AuditEntry {
    // Named field by field (a spread followed by more fields takes V8's slow path on every
    // read); the type makes a field added to AuditEntry fail to compile until it is copied here.
    const full = {
      actorId: entry.actorId === undefined ? (this.actor?.personId ?? null) : entry.actorId,
      action: entry.action,
      outcome: entry.outcome,
      scopeType: entry.scopeType,
      scopeId: entry.scopeId,
      subjectIds: entry.subjectIds,
      targetType: entry.targetType,
      targetId: entry.targetId,
      ip: this.ip,
      requestId: this.id,
      details: entry.details,
    } satisfies Record<keyof AuditEntry, unknown>;
    return full;
  });
  app.decorateRequest('audit', function (this: FastifyRequest, entry: RequestAuditEntry) {
    return ctx.audit.record(this.auditEntry(entry));
  });

  app.addHook('onRequest', (request, _reply, done) => {
    request.locale = pickLocale(request.cookies?.balise_lang, request.headers['accept-language'], ctx.defaultLocale);
    done();
  });

  // Synchronous when the session, the actor and the target are cached (the usual case): a
  // promise is only made, and waited for, when something has to be read from the database.
  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    let pending: Promise<void> | void;
    try {
      pending = prepare(request, ctx);
    } catch (err) {
      done(err as Error);
      return;
    }
    if (pending) return pending;
    done();
  });
}

function prepare(request: FastifyRequest, ctx: AppContext): Promise<void> | void {
  const session = resolveSession(request, ctx);
  if (session) return session.then(() => checkAndEnforce(request, ctx));
  return checkAndEnforce(request, ctx);
}

function checkAndEnforce(request: FastifyRequest, ctx: AppContext): Promise<void> | void {
  if (UNSAFE.has(request.method)) checkCsrf(request, ctx);
  return enforceAccess(request);
}

/** Finds the session and the actor; returns a promise only when one of them is not cached. */
function resolveSession(request: FastifyRequest, ctx: AppContext): Promise<void> | void {
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return;
  const now = ctx.now();
  const session = ctx.sessions.find(token, now);
  if (session instanceof Promise) return session.then((s) => (s ? withActor(request, ctx, s, now) : undefined));
  if (session) return withActor(request, ctx, session, now);
}

function withActor(request: FastifyRequest, ctx: AppContext, session: SessionTable, now: Date): Promise<void> | void {
  const actor = ctx.actors.load(session.person_id);
  if (actor instanceof Promise) return actor.then((a) => (a ? signedIn(request, ctx, session, a, now) : undefined));
  if (actor) return signedIn(request, ctx, session, actor, now);
}

function signedIn(request: FastifyRequest, ctx: AppContext, session: SessionTable, actor: Actor, now: Date): Promise<void> | void {
  request.session = session;
  request.actor = actor;
  if (!request.cookies?.balise_lang) request.locale = session.locale === 'en' ? 'en' : 'fr';
  if (now.getTime() - Date.parse(session.last_seen_at) > SESSION_TOUCH_MS) return ctx.sessions.touch(session.id, now);
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

function enforceAccess(request: FastifyRequest): Promise<void> | void {
  // The not-found handler answers 404 and reveals nothing, whoever asks.
  if (request.is404) return;
  const declared = request.routeOptions.config?.access;
  const actor = request.actor;
  if (!declared) {
    return request.audit({ action: 'access.undeclared_route', outcome: 'denied', details: { route: request.routeOptions.url } }).then(() => {
      throw denied();
    });
  }
  if (declared.kind === 'public') return;
  if (!actor) throw signInRequired();
  if (declared.kind === 'signedIn') return;

  const target = declared.target(request, actor);
  if (target instanceof Promise) return target.then((t) => decide(request, declared, actor, t));
  return decide(request, declared, actor, target);
}

function decide(request: FastifyRequest, declared: RuleAccess, actor: Actor, target: AuditedTarget<unknown> | null): Promise<void> | void {
  if (!target) throw notFound();
  if (!declared.rule.check(actor, target.facts)) {
    return request
      .audit({
        action: declared.rule.name,
        outcome: 'denied',
        scopeType: target.scope.type,
        scopeId: target.scope.id,
        targetType: target.type,
        targetId: target.id,
        details: { route: request.routeOptions.url },
      })
      .then(() => {
        throw denied();
      });
  }
  request.target = target;
}
