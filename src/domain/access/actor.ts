import { boardWideRoles, schoolLeadRoles, type PersonKindName, type StaffRoleName } from './names.ts';

/**
 * Everything the permission rules need to know about who is acting, loaded once per request.
 * A guardian's `childIds` holds only students whose link to them is active and not restricted
 * (ORG-4): a restricted link gives no scope at all.
 */
export interface Actor {
  personId: string;
  boardId: string;
  kind: PersonKindName;
  boardRoles: ReadonlySet<StaffRoleName>;
  /** schoolId → roles held at that school. */
  schoolRoles: ReadonlyMap<string, ReadonlySet<StaffRoleName>>;
  /** Class groups where this person teaches (active). */
  teachesClassIds: ReadonlySet<string>;
  /** Students this guardian may see (active, unrestricted links). */
  childIds: ReadonlySet<string>;
}

export function holdsBoardRole(actor: Actor, ...roles: StaffRoleName[]): boolean {
  return roles.some((r) => actor.boardRoles.has(r));
}

export function holdsSchoolRole(actor: Actor, schoolId: string, ...roles: StaffRoleName[]): boolean {
  const held = actor.schoolRoles.get(schoolId);
  return !!held && roles.some((r) => held.has(r));
}

/** Roles in the order the interface shows them. */
export function roleList(actor: Actor): StaffRoleName[] {
  const all = new Set<StaffRoleName>(actor.boardRoles);
  for (const roles of actor.schoolRoles.values()) for (const r of roles) all.add(r);
  if (actor.teachesClassIds.size > 0) all.add('teacher');
  return [...all];
}

/** Schools where the person is principal or secretary: the school scope of lists and searches. */
export function ledSchoolIds(actor: Actor): string[] {
  return [...actor.schoolRoles].filter(([, roles]) => schoolLeadRoles.some((r) => roles.has(r))).map(([id]) => id);
}

export function isBoardLeader(actor: Actor): boolean {
  return holdsBoardRole(actor, ...boardWideRoles);
}
