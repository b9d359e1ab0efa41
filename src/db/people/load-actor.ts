import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../domain/access/actor.ts';
import type { PersonKindName, StaffRoleName } from '../../domain/access/names.ts';
import type { Database } from '../schema.ts';

/**
 * One row of the actor query: the person (part 0: board, kind), an active role (part 1: role,
 * scope type, scope id; staff only) or an active unrestricted guardian link (part 2: student id;
 * guardians only).
 */
interface ActorRow { part: number; a: string; b: string | null; c: string | null }

/**
 * Builds the permission view of a person from their active roles and unrestricted guardian links.
 * One round trip: the person, their roles and their links travel as one UNION ALL; the role and
 * link branches only return rows for an active person of the matching kind, as the two-step
 * version did.
 */
export async function loadActor(db: Kysely<Database>, personId: string): Promise<Actor | null> {
  const { rows } = await sql<ActorRow>`
    select 0 as part, p.board_id as a, p.kind as b, null as c
      from person p
     where p.id = ${personId} and p.status = 'active'
    union all
    select 1, ra.role, ra.scope_type, ra.scope_id
      from role_assignment ra
      join person p on p.id = ra.person_id and p.kind = 'staff' and p.status = 'active'
     where ra.person_id = ${personId} and ra.status = 'active'
    union all
    select 2, gl.student_id, null, null
      from guardian_link gl
      join person p on p.id = gl.guardian_id and p.kind = 'guardian' and p.status = 'active'
     where gl.guardian_id = ${personId} and gl.status = 'active' and gl.restricted = 0`.execute(db);
  const person = rows.find((r) => Number(r.part) === 0);
  if (!person) return null;

  const boardRoles = new Set<StaffRoleName>();
  const schoolRoles = new Map<string, Set<StaffRoleName>>();
  const teachesClassIds = new Set<string>();
  const childIds = new Set<string>();

  for (const r of rows) {
    const part = Number(r.part);
    if (part === 1) {
      const role = r.a as StaffRoleName;
      const scopeId = r.c!;
      if (r.b === 'board') boardRoles.add(role);
      else if (r.b === 'school') {
        const set = schoolRoles.get(scopeId) ?? new Set<StaffRoleName>();
        set.add(role);
        schoolRoles.set(scopeId, set);
      } else if (r.b === 'class' && role === 'teacher') teachesClassIds.add(scopeId);
    } else if (part === 2) childIds.add(r.a);
  }

  return { personId, boardId: person.a, kind: person.b as PersonKindName, boardRoles, schoolRoles, teachesClassIds, childIds };
}
