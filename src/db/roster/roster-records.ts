import type { Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { Cell, ExistingRecord } from '../../domain/roster/lifecycle-changes.ts';
import type { StoredEnrollment, StoredRoleAssignment } from '../../domain/roster/link-changes.ts';
import type { StoredGuardianLink } from '../../domain/roster/guardian-link-changes.ts';

/**
 * What a roster import reads of the board before deciding what to change (ORG-2), inside its
 * transaction. Only the records an import manages (those with a source id) are read as records;
 * links are read whole, as an ended person or class ends the links made by hand too.
 */
type Trx = Transaction<Database>;

export type LifecycleTable = 'school' | 'school_year' | 'class_group' | 'person';

/** The data fields an import keeps up to date, per table, in the order they are written. */
export const RECORD_FIELDS = {
  school: ['name', 'code'],
  school_year: ['name', 'starts_on', 'ends_on'],
  class_group: ['school_id', 'school_year_id', 'name', 'code', 'grades'],
  person: ['kind', 'given_name', 'family_name', 'preferred_name', 'email', 'email_normalized', 'username', 'grades'],
} as const satisfies Record<LifecycleTable, readonly string[]>;

export type RecordFields<T extends LifecycleTable> = { [K in (typeof RECORD_FIELDS)[T][number]]: Cell };

/**
 * First statement of an import: locks the board row (PostgreSQL) or takes the write lock
 * (SQLite), so two imports for one board run one after the other; records the district's id if
 * the board has none yet.
 */
export async function lockBoardForImport(trx: Trx, boardId: string, districtSourceId: string | null): Promise<void> {
  const board = await trx
    .updateTable('board')
    .set((eb) => ({ source_id: eb.fn.coalesce('source_id', eb.val(districtSourceId)) }))
    .where('id', '=', boardId)
    .executeTakeFirst();
  if (Number(board.numUpdatedRows) !== 1) throw new Error(`No board ${boardId}`);
}

export async function readSchools(trx: Trx, boardId: string): Promise<ExistingRecord[]> {
  return (await trx
    .selectFrom('school')
    .select(['id', 'source_id as sourceId', 'status', ...RECORD_FIELDS.school])
    .where('board_id', '=', boardId)
    .where('source_id', 'is not', null)
    .execute()) as ExistingRecord[];
}

export async function readSchoolYears(trx: Trx, boardId: string): Promise<ExistingRecord[]> {
  return (await trx
    .selectFrom('school_year')
    .select(['id', 'source_id as sourceId', 'status', ...RECORD_FIELDS.school_year])
    .where('board_id', '=', boardId)
    .where('source_id', 'is not', null)
    .execute()) as ExistingRecord[];
}

export async function readClassGroups(trx: Trx, boardId: string): Promise<ExistingRecord[]> {
  return (await trx
    .selectFrom('class_group')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .select(['class_group.id', 'class_group.source_id as sourceId', 'class_group.status'])
    .select(RECORD_FIELDS.class_group.map((f) => `class_group.${f}` as const))
    .where('school.board_id', '=', boardId)
    .where('class_group.source_id', 'is not', null)
    .execute()) as ExistingRecord[];
}

export async function readPersons(trx: Trx, boardId: string): Promise<ExistingRecord[]> {
  return (await trx
    .selectFrom('person')
    .select(['id', 'source_id as sourceId', 'status', ...RECORD_FIELDS.person])
    .where('board_id', '=', boardId)
    .where('source_id', 'is not', null)
    .execute()) as ExistingRecord[];
}

export async function readEnrollments(trx: Trx, boardId: string): Promise<StoredEnrollment[]> {
  return trx
    .selectFrom('enrollment')
    .innerJoin('class_group', 'class_group.id', 'enrollment.class_group_id')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .select([
      'enrollment.id',
      'enrollment.source_id as sourceId',
      'enrollment.status',
      'enrollment.class_group_id as classGroupId',
      'enrollment.person_id as personId',
      'enrollment.starts_on as startsOn',
      'enrollment.ends_on as endsOn',
    ])
    .where('school.board_id', '=', boardId)
    .execute();
}

export async function readGuardianLinks(trx: Trx, boardId: string): Promise<StoredGuardianLink[]> {
  const rows = await trx
    .selectFrom('guardian_link')
    .innerJoin('person', 'person.id', 'guardian_link.guardian_id')
    .select([
      'guardian_link.id',
      'guardian_link.guardian_id as guardianId',
      'guardian_link.student_id as studentId',
      'guardian_link.relationship',
      'guardian_link.source',
      'guardian_link.status',
      'guardian_link.restricted',
      'guardian_link.restricted_reason as restrictedReason',
      'guardian_link.restricted_at as restrictedAt',
      'guardian_link.restricted_by as restrictedBy',
    ])
    .where('person.board_id', '=', boardId)
    .execute();
  return rows as StoredGuardianLink[];
}

/** Role assignments an import may change: its own, and any active one (ended with its person or scope). */
export async function readRoleAssignments(trx: Trx, boardId: string): Promise<StoredRoleAssignment[]> {
  return trx
    .selectFrom('role_assignment')
    .innerJoin('person', 'person.id', 'role_assignment.person_id')
    .select([
      'role_assignment.id',
      'role_assignment.person_id as personId',
      'role_assignment.role',
      'role_assignment.scope_type as scopeType',
      'role_assignment.scope_id as scopeId',
      'role_assignment.source',
      'role_assignment.source_id as sourceId',
      'role_assignment.status',
    ])
    .where('person.board_id', '=', boardId)
    .where((eb) => eb.or([eb('role_assignment.source', '=', 'import'), eb('role_assignment.status', '=', 'active')]))
    .execute();
}

/** The names of a few people, for the examples a held import shows. */
export async function findPeopleNames(trx: Trx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return trx
    .selectFrom('person')
    .select(['id', 'source_id as sourceId', 'given_name as givenName', 'family_name as familyName'])
    .where('id', 'in', [...ids])
    .execute();
}
