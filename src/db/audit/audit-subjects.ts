import type { Kysely } from 'kysely';
import { readSubjectsColumn } from '../../domain/audit/subject-set.ts';
import type { Database } from '../schema.ts';

/**
 * Audit entries that touched a person's information, oldest first: who looked at this child's
 * file, and what was done with it (RIGHTS-4 builds on this). Found through the subject index.
 */
export async function auditEntriesAbout(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('audit_subject_set as s')
    .innerJoin('audit_entry_subjects as e', 'e.set_id', 's.set_id')
    .innerJoin('audit_log as l', 'l.seq', 'e.seq')
    .select(['l.seq', 'l.at', 'l.actor_id', 'l.action', 'l.outcome', 'l.scope_type', 'l.scope_id', 'l.target_type', 'l.target_id'])
    .where('s.person_id', '=', personId)
    .orderBy('l.seq')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, seq: Number(r.seq) })));
}

/** The people the subject index lists for one entry (sorted): what a search by person finds it under. */
export async function indexedSubjectsOf(db: Kysely<Database>, seq: number): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_entry_subjects as e')
    .innerJoin('audit_subject_set as s', 's.set_id', 'e.set_id')
    .select('s.person_id')
    .where('e.seq', '=', seq)
    .orderBy('s.person_id')
    .execute();
  return rows.map((r) => r.person_id);
}

/** The people an entry names (sorted), whichever way its `subject_ids` column records them. */
export async function subjectsOfEntry(db: Kysely<Database>, subjectIds: string): Promise<string[]> {
  const { setId, listed } = readSubjectsColumn(subjectIds);
  if (listed) return [...new Set(listed)].sort();
  const rows = await db.selectFrom('audit_subject_set').select('person_id').where('set_id', '=', setId!).orderBy('person_id').execute();
  return rows.map((r) => r.person_id);
}
