import { type Actor, holdsSchoolRole, isBoardLeader } from '../actor.ts';
import { schoolLeadRoles } from '../names.ts';
import type { AuditAction } from '../../audit/audit-actions.ts';

/** A permission: "who may <action> a <subject>", named as the audit log records its refusals. */
export interface Rule<T, N extends AuditAction = AuditAction> {
  name: N;
  describe: string;
  check: (actor: Actor, target: T) => boolean;
}

export function rule<T, const N extends AuditAction>(name: N, describe: string, check: (actor: Actor, target: T) => boolean): Rule<T, N> {
  return { name, describe, check };
}

export const sameBoard = (a: Actor, t: { boardId: string }) => a.boardId === t.boardId;
/** The director general and the privacy officer (names.ts: boardWideRoles). */
export const boardLeader = (a: Actor, t: { boardId: string }) => sameBoard(a, t) && a.kind === 'staff' && isBoardLeader(a);
/** The principal and the secretary (names.ts: schoolLeadRoles). */
export const schoolLeader = (a: Actor, schoolId: string) => holdsSchoolRole(a, schoolId, ...schoolLeadRoles);
