import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, PersonKind } from '../schema.ts';
import type { StaffRoleName } from '../../domain/access/names.ts';
import { normalizeLogin } from '../../domain/people/login-name.ts';

/** The active people of the board known by this e-mail address (several kinds may share one). */
export async function findActivePeopleByEmail(trx: Transaction<Database>, boardId: string, email: string) {
  return trx
    .selectFrom('person')
    .select(['id', 'kind'])
    .where('board_id', '=', boardId)
    .where('email_normalized', '=', normalizeLogin(email))
    .where('status', '=', 'active')
    .orderBy('created_at')
    .execute() as Promise<{ id: string; kind: PersonKind }[]>;
}

/** A staff member added by hand (no source id: imports leave them alone). */
export async function insertStaffPerson(
  trx: Transaction<Database>,
  p: { boardId: string; email: string; givenName: string; familyName: string; locale: string; now: Date },
): Promise<string> {
  const id = randomUUID();
  const at = p.now.toISOString();
  await trx
    .insertInto('person')
    .values({
      id, board_id: p.boardId, source_id: null, kind: 'staff', given_name: p.givenName, family_name: p.familyName, preferred_name: null,
      email: p.email.trim(), email_normalized: normalizeLogin(p.email), username: null, grades: null, birth_date: null,
      locale: p.locale, status: 'active', ended_at: null, created_at: at, updated_at: at, demo: 0,
    })
    .execute();
  return id;
}

export async function holdsActiveBoardRole(trx: Transaction<Database>, personId: string, boardId: string, role: StaffRoleName): Promise<boolean> {
  const row = await trx
    .selectFrom('role_assignment')
    .select('id')
    .where('person_id', '=', personId)
    .where('role', '=', role)
    .where('scope_type', '=', 'board')
    .where('scope_id', '=', boardId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return !!row;
}

export async function insertBoardRole(trx: Transaction<Database>, personId: string, boardId: string, role: StaffRoleName, now: Date): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('role_assignment')
    .values({ id, person_id: personId, role, scope_type: 'board', scope_id: boardId, source: 'manual', source_id: null, status: 'active', created_at: now.toISOString(), ended_at: null })
    .execute();
  return id;
}
