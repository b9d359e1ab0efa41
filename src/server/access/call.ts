import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/actor.ts';
import type { Rule } from '../../domain/access/rules.ts';
import type { AuditLog } from '../../db/audit/audit-log.ts';
import { denied, notFound } from '../http/api-error.ts';
import { recordAudit } from '../audit/audit-trail.ts';

/**
 * Who asks for an operation and from where: every server operation takes one. From a request it
 * is the signed-in person, the client's address and the request id; from the command line the
 * actor is null (the board's own administrator at the console) and so are address and id.
 */
export interface Call {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
  /** The route called, named in the audit entry of a refusal. */
  route?: string;
  /** The rules checked during this call (a route naming a rule must have checked it). */
  authorized?: string[];
}

/** A call made by a signed-in person (routes that name a rule are only reached signed in). */
export interface SignedInCall extends Call {
  actor: Actor;
}

/**
 * A call from the board's console: nobody signed in, the server's administrator acts — every
 * `balise` command, and the server itself at start. Operations that take one are never routes.
 */
export type ConsoleCall = Call & { actor: null };
export const consoleCall: ConsoleCall = { actor: null, ip: null, requestId: null };

export function callOf(request: FastifyRequest): Call {
  return { actor: request.actor, ip: request.ip, requestId: request.id, route: request.routeOptions.url, authorized: request.authorizedRules };
}

export function signedInCallOf(request: FastifyRequest): SignedInCall {
  if (!request.actor) throw new Error('signedInCallOf: the route let an anonymous request through');
  return { actor: request.actor, ip: request.ip, requestId: request.id, route: request.routeOptions.url, authorized: request.authorizedRules };
}

/** The facts a rule decides on, plus how the audit log names the thing and whose information it is. */
export interface AuditedTarget<T> {
  facts: T;
  type: string;
  id: string;
  scope: { type: 'board' | 'school' | 'class' | 'student'; id: string };
  subjectIds?: string[];
}

/**
 * Checks an operation's rule against the target it has just read (never a cached copy): a
 * missing target is 404; a refusal is audited under the rule's name, then answered 403.
 */
export async function authorize<T>(log: AuditLog, call: SignedInCall, rule: Rule<T>, target: AuditedTarget<T> | null): Promise<AuditedTarget<T>> {
  if (!target) throw notFound();
  if (rule.check(call.actor, target.facts)) {
    call.authorized?.push(rule.name);
    return target;
  }
  await recordAudit(log, call, {
    action: rule.name,
    outcome: 'denied',
    scopeType: target.scope.type,
    scopeId: target.scope.id,
    targetType: target.type,
    targetId: target.id,
    details: call.route ? { route: call.route } : undefined,
  });
  throw denied();
}
