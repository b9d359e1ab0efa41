import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/actor.ts';
import type { Rule } from '../../domain/access/rules.ts';

/**
 * What every route must declare: who may call it. A route with no declaration is refused.
 * - `public`: anyone, signed in or not, with the reason it is public;
 * - `signedIn`: any signed-in person (the handler only ever returns that person's own data);
 * - `rule`: a named rule from domain/access/rules.ts, checked against the target the route loads.
 */
export type RouteAccess = { kind: 'public'; why: string } | { kind: 'signedIn'; why: string } | RuleAccess;

/** Loads what the rule is asked about; null means it does not exist (404). A cached target may come at once. */
export type TargetLoader<T> = (request: FastifyRequest, actor: Actor) => MaybePromise<AuditedTarget<T> | null>;
export type MaybePromise<T> = T | Promise<T>;

export interface RuleAccess {
  kind: 'rule';
  rule: Rule<any>;
  target: TargetLoader<any>;
}

/** The facts a rule decides on, plus how the audit log names the thing and whose information it is. */
export interface AuditedTarget<T> {
  facts: T;
  type: string;
  id: string;
  scope: { type: 'board' | 'school' | 'class' | 'student'; id: string };
  subjectIds?: string[];
}

export const access = {
  public: (why: string): RouteAccess => ({ kind: 'public', why }),
  signedIn: (why: string): RouteAccess => ({ kind: 'signedIn', why }),
  rule: <T>(rule: Rule<T>, target: TargetLoader<T>): RouteAccess => ({
    kind: 'rule',
    rule,
    target,
  }),
};

export function describeAccess(a: RouteAccess | undefined): string {
  if (!a) return 'deny (undeclared)';
  if (a.kind === 'rule') return `${a.rule.name}: ${a.rule.describe}`;
  return `${a.kind}: ${a.why}`;
}
