import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** What `removeDemoRows` deleted, table by table. */
export interface RemovedDemoRows {
  people: number;
  schools: number;
  schoolYears: number;
  classGroups: number;
  roles: number;
  guardianLinks: number;
  enrollments: number;
  credentials: number;
  sessions: number;
}

const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);

/**
 * Deletes every row the demo wrote on the board, and what hangs off them (roles, links,
 * enrollments, restriction history, credentials, sessions, one-time links), children first.
 * The audit log is kept: it is append-only and names ids only. Runs in the caller's transaction.
 */
export async function removeDemoRows(trx: Transaction<Database>, boardId: string, now: Date): Promise<RemovedDemoRows> {
  const people = trx.selectFrom('person').select('id').where('board_id', '=', boardId).where('demo', '=', 1);
  const schools = trx.selectFrom('school').select('id').where('board_id', '=', boardId).where('demo', '=', 1);
  const years = trx.selectFrom('school_year').select('id').where('board_id', '=', boardId).where('demo', '=', 1);
  const groups = trx
    .selectFrom('class_group')
    .select('id')
    .where((eb) => eb.or([eb('demo', '=', 1), eb('school_id', 'in', schools), eb('school_year_id', 'in', years)]));
  const links = trx.selectFrom('guardian_link').select('id').where((eb) => eb.or([eb('guardian_id', 'in', people), eb('student_id', 'in', people)]));

  await trx.deleteFrom('guardian_link_restriction_event').where('link_id', 'in', links).execute();
  // A demo account may have restricted a real link (a board mixed before this check existed): its history stays.
  await trx.updateTable('guardian_link_restriction_event').set({ actor_id: null }).where('actor_id', 'in', people).execute();
  const guardianLinks = count(await trx.deleteFrom('guardian_link').where('id', 'in', links).executeTakeFirst());
  const enrollments = count(
    await trx.deleteFrom('enrollment').where((eb) => eb.or([eb('person_id', 'in', people), eb('class_group_id', 'in', groups)])).executeTakeFirst(),
  );
  const roles = count(
    await trx
      .deleteFrom('role_assignment')
      .where((eb) => eb.or([eb('person_id', 'in', people), eb('source', '=', 'demo'), eb.and([eb('scope_type', '=', 'school'), eb('scope_id', 'in', schools)]), eb.and([eb('scope_type', '=', 'class'), eb('scope_id', 'in', groups)])]))
      .executeTakeFirst(),
  );
  const credentials = count(await trx.deleteFrom('password_credential').where('person_id', 'in', people).executeTakeFirst());
  const sessions = count(await trx.deleteFrom('session').where('person_id', 'in', people).executeTakeFirst());
  await trx.deleteFrom('magic_link').where('person_id', 'in', people).execute();
  await trx.deleteFrom('oidc_identity').where('person_id', 'in', people).execute();
  const removedPeople = count(await trx.deleteFrom('person').where('board_id', '=', boardId).where('demo', '=', 1).executeTakeFirst());
  const classGroups = count(await trx.deleteFrom('class_group').where('id', 'in', groups).executeTakeFirst());
  const removedSchools = count(await trx.deleteFrom('school').where('board_id', '=', boardId).where('demo', '=', 1).executeTakeFirst());
  const schoolYears = count(await trx.deleteFrom('school_year').where('board_id', '=', boardId).where('demo', '=', 1).executeTakeFirst());
  await trx
    .updateTable('board')
    .set({ demo_seeded_at: null, demo_removed_at: sql<string>`coalesce(demo_removed_at, ${now.toISOString()})` })
    .where('id', '=', boardId)
    .execute();
  return { people: removedPeople, schools: removedSchools, schoolYears, classGroups, roles, guardianLinks, enrollments, credentials, sessions };
}
