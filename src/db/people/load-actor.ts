import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/actor.ts';
import type { StaffRoleName } from '../../domain/access/names.ts';
import type { Database } from '../schema.ts';

/**
 * The permission view of an active person: a staff member's active roles, a guardian's children
 * through active links that are not restricted (ORG-4). Read for every request: nothing is kept.
 */
export async function loadActor(db: Kysely<Database>, personId: string): Promise<Actor | null> {
  const person = await db
    .selectFrom('person')
    .select(['board_id', 'kind'])
    .where('id', '=', personId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!person) return null;
  const roles = person.kind === 'staff' ? await activeRoles(db, personId) : [];
  const childIds = person.kind === 'guardian' ? await unrestrictedChildIds(db, personId) : [];
  return { personId, boardId: person.board_id, kind: person.kind, ...scopesOf(roles), childIds: new Set(childIds) };
}

async function activeRoles(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('role_assignment')
    .select(['role', 'scope_type', 'scope_id'])
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .execute();
}

async function unrestrictedChildIds(db: Kysely<Database>, guardianId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('guardian_link')
    .select('student_id')
    .where('guardian_id', '=', guardianId)
    .where('status', '=', 'active')
    .where('restricted', '=', 0)
    .execute();
  return rows.map((r) => r.student_id);
}

function scopesOf(roles: { role: StaffRoleName; scope_type: string; scope_id: string }[]) {
  const boardRoles = new Set<StaffRoleName>();
  const schoolRoles = new Map<string, Set<StaffRoleName>>();
  const teachesClassIds = new Set<string>();
  for (const { role, scope_type, scope_id } of roles) {
    if (scope_type === 'board') boardRoles.add(role);
    else if (scope_type === 'school') schoolRoles.set(scope_id, (schoolRoles.get(scope_id) ?? new Set<StaffRoleName>()).add(role));
    else if (scope_type === 'class' && role === 'teacher') teachesClassIds.add(scope_id);
  }
  return { boardRoles, schoolRoles, teachesClassIds };
}
