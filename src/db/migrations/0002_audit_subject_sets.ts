import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { subjectSetId } from '../../domain/audit/subject-set.ts';

/**
 * The people an audit entry touched become sets (domain/audit/subject-set.ts):
 * `audit_subject_set` holds each distinct set of people once (found by person or by set), and
 * `audit_entry_subjects` links each entry to its set (one row per entry instead of one per
 * person). New entries name their set in `subject_ids` (`set:<id>`); entries written before keep
 * their JSON list, which the hash chain covers, and are linked to the set of that list here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const withoutRowid = (t: any) => (dialectOf(db) === 'postgres' ? t : t.modifyEnd(sql`without rowid`));
  await db.schema
    .createTable('audit_subject_set')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_subject_set_pk', ['person_id', 'set_id'])
    .$call(withoutRowid)
    .execute();
  // A set's members, by set: to show an entry's people and to verify a set against its name.
  await db.schema.createIndex('audit_subject_set_members').on('audit_subject_set').column('set_id').execute();
  await db.schema
    .createTable('audit_entry_subjects')
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_entry_subjects_pk', ['set_id', 'seq'])
    .$call(withoutRowid)
    .execute();

  // Entries written before: their sets, from the log itself.
  let after = 0;
  for (;;) {
    const page: { seq: number | string; subject_ids: string }[] = await db
      .selectFrom('audit_log')
      .select(['seq', 'subject_ids'])
      .where('seq', '>', after)
      .where('subject_ids', '<>', '[]')
      .orderBy('seq')
      .limit(2000)
      .execute();
    if (page.length === 0) break;
    const members = new Map<string, string[]>();
    const links = page.map((row) => {
      const ids = JSON.parse(row.subject_ids) as string[];
      const setId = subjectSetId(ids);
      members.set(setId, [...new Set(ids)]);
      return { set_id: setId, seq: Number(row.seq) };
    });
    const sets = [...members].flatMap(([setId, ids]) => ids.map((id) => ({ person_id: id, set_id: setId })));
    for (let i = 0; i < sets.length; i += 500) {
      await db.insertInto('audit_subject_set').values(sets.slice(i, i + 500)).onConflict((oc: any) => oc.doNothing()).execute();
    }
    await db.insertInto('audit_entry_subjects').values(links).execute();
    after = Number(page[page.length - 1]!.seq);
  }
  await db.schema.dropTable('audit_subject').execute();
  await protectIndexRows(db);
}

/** Like the log itself, its index is only ever added to. */
async function protectIndexRows(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`create function audit_index_append_only() returns trigger language plpgsql as $$
      begin raise exception 'the audit subject index is append-only'; end $$`.execute(db);
    for (const table of ['audit_subject_set', 'audit_entry_subjects']) {
      await sql`create trigger ${sql.raw(`${table}_no_change`)} before update or delete on ${sql.table(table)}
        for each row execute function audit_index_append_only()`.execute(db);
    }
    return;
  }
  for (const table of ['audit_subject_set', 'audit_entry_subjects']) {
    for (const op of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`${table}_no_${op}`)} before ${sql.raw(op)} on ${sql.table(table)}
        begin select raise(abort, 'the audit subject index is append-only'); end`.execute(db);
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('The audit subject index cannot be reverted.');
}
