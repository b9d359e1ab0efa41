import type { Rule } from '../../domain/access/rules.ts';

/**
 * What every route must declare: who may call it. A route with no declaration is refused.
 * - `public`: anyone, signed in or not, with the reason it is public;
 * - `signedIn`: any signed-in person (the handler only ever returns that person's own data);
 * - `rule`: a named rule of `domain/access/rules/`, checked by the route's operation against the
 *   target it reads (`authorize` in call.ts). The route is reached signed in only, and an answer
 *   that did not pass through that check is refused (request-context.ts), so no route can skip it.
 */
export type RouteAccess = { kind: 'public'; why: string } | { kind: 'signedIn'; why: string } | RuleAccess;

export interface RuleAccess {
  kind: 'rule';
  rule: Rule<any>;
}

export const access = {
  public: (why: string): RouteAccess => ({ kind: 'public', why }),
  signedIn: (why: string): RouteAccess => ({ kind: 'signedIn', why }),
  rule: <T>(rule: Rule<T>): RouteAccess => ({ kind: 'rule', rule }),
};
