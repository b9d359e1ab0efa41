import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/actor.ts';
import type { StaffRoleName } from '../../domain/access/names.ts';
import type { Database } from '../schema.ts';

/** Builds the permission view of a person from their active roles and unrestricted guardian links. */
export async function loadActor(db: Kysely<Database>, personId: string): Promise<Actor | null> {
  const person = await db
    .selectFrom('person')
    .select(['id', 'board_id', 'kind'])
    .where('id', '=', personId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!person) return null;

  const boardRoles = new Set<StaffRoleName>();
  const schoolRoles = new Map<string, Set<StaffRoleName>>();
  const teachesClassIds = new Set<string>();
  const childIds = new Set<string>();

  if (person.kind === 'staff') {
    const roles = await db
      .selectFrom('role_assignment')
      .select(['role', 'scope_type', 'scope_id'])
      .where('person_id', '=', personId)
      .where('status', '=', 'active')
      .execute();
    for (const r of roles) {
      if (r.scope_type === 'board') boardRoles.add(r.role);
      else if (r.scope_type === 'school') {
        const set = schoolRoles.get(r.scope_id) ?? new Set<StaffRoleName>();
        set.add(r.role);
        schoolRoles.set(r.scope_id, set);
      } else if (r.scope_type === 'class' && r.role === 'teacher') teachesClassIds.add(r.scope_id);
    }
  } else if (person.kind === 'guardian') {
    const links = await db
      .selectFrom('guardian_link')
      .select('student_id')
      .where('guardian_id', '=', personId)
      .where('status', '=', 'active')
      .where('restricted', '=', 0)
      .execute();
    for (const l of links) childIds.add(l.student_id);
  }

  return { personId: person.id, boardId: person.board_id, kind: person.kind, boardRoles, schoolRoles, teachesClassIds, childIds };
}
