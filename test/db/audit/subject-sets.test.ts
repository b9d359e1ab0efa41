import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, migrateToLatest, type Db } from '../../../src/db/database.ts';
import { migrationProvider } from '../../../src/db/migrations/index.ts';
import { appendAuditEntries } from '../../../src/db/audit/append-audit-entries.ts';
import { auditEntriesAbout, indexedSubjectsOf } from '../../../src/db/audit/audit-subjects.ts';
import { verifyAuditChain } from '../../../src/db/audit/verify-audit-chain.ts';
import { entryHash, GENESIS_HASH } from '../../../src/domain/audit/hash-chain.ts';
import { createTestPostgresDatabase } from '../../support/postgres.ts';
import { dialects } from '../../support/balise.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openFresh(dialect: 'sqlite' | 'postgres'): Promise<Db> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-migration-'));
    const db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') });
    cleanups.push(async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return db;
  }
  const pg = await createTestPostgresDatabase();
  const db = openDatabase({ dialect: 'postgres', url: pg.url });
  cleanups.push(async () => {
    await db.close();
    await pg.drop();
  });
  return db;
}

/** Writes audit rows the way the first version did (before the subject-set index existed). */
async function appendAsBefore(db: Db, subjects: string[][]) {
  let prev = GENESIS_HASH;
  const head = await db.kysely.selectFrom('audit_head').select(['last_seq', 'last_hash']).executeTakeFirstOrThrow();
  let seq = Number(head.last_seq);
  prev = head.last_hash;
  for (const ids of subjects) {
    seq++;
    const fields = {
      seq, at: new Date().toISOString(), actor_id: null, action: 'student.read_file', outcome: 'allowed' as const, scope_type: 'student', scope_id: ids[0] ?? null,
      subject_ids: JSON.stringify(ids), target_type: null, target_id: null, ip: '127.0.0.1', request_id: null, details: '{}',
    };
    const hash = entryHash(prev, fields);
    await db.kysely.insertInto('audit_log').values({ ...fields, prev_hash: prev, hash }).execute();
    prev = hash;
  }
  await db.kysely.updateTable('audit_head').set({ last_seq: seq, last_hash: prev }).where('id', '=', 1).execute();
}

describe.each(dialects)('audit subject sets (%s)', (dialect) => {
  test('RIGHTS-4 entries written before the subject-set index are found by person after the upgrade', async () => {
    const db = await openFresh(dialect);
    const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
    const first = await migrator.migrateTo('0001_foundation');
    expect(first.error).toBeUndefined();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await appendAsBefore(db, [[a, b], [b, a], [c], []]);

    await migrateToLatest(db);

    expect(await indexedSubjectsOf(db.kysely, 1)).toEqual([a, b].sort());
    expect(await indexedSubjectsOf(db.kysely, 2)).toEqual([a, b].sort());
    expect(await indexedSubjectsOf(db.kysely, 3)).toEqual([c]);
    expect(await indexedSubjectsOf(db.kysely, 4)).toEqual([]);
    expect((await auditEntriesAbout(db.kysely, b)).map((e) => e.seq)).toEqual([1, 2]);
    // [a, b] and [b, a] are one set: stored once.
    const sets = await db.kysely.selectFrom('audit_subject_set').select('set_id').distinct().execute();
    expect(sets).toHaveLength(2);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  test('RIGHTS-4 a set named by many entries is stored once, and each entry is found by each of its people', async () => {
    const db = await openFresh(dialect);
    await migrateToLatest(db);
    const roster = Array.from({ length: 26 }, () => randomUUID());
    const entry = (ids: string[]) => ({ actorId: null, action: 'class_group.read_roster' as const, outcome: 'allowed' as const, subjectIds: ids });
    const first = await db.kysely.transaction().execute((trx) => appendAuditEntries(trx, [entry(roster), entry([...roster].reverse())]));
    expect(first.newSets).toHaveLength(1);
    // A writer that knows the set exists does not send its members again; the links still go in.
    const known = new Set(first.newSets);
    const again = await db.kysely.transaction().execute((trx) => appendAuditEntries(trx, [entry(roster)], known));
    expect(again.newSets).toEqual([]);
    // A writer that does not know (another instance) sends them again, harmlessly.
    await db.kysely.transaction().execute((trx) => appendAuditEntries(trx, [entry(roster)]));

    const members = await db.kysely.selectFrom('audit_subject_set').select('person_id').execute();
    expect(members).toHaveLength(26);
    for (const seq of [...first.seqs, ...again.seqs]) expect(await indexedSubjectsOf(db.kysely, seq)).toEqual([...roster].sort());
    expect((await auditEntriesAbout(db.kysely, roster[7]!)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await auditEntriesAbout(db.kysely, randomUUID())).toEqual([]);
  });
});

/** Rewrites the index the way someone with database access could, triggers out of the way. */
async function tamperIndex(db: Db, dialect: 'sqlite' | 'postgres', statement: ReturnType<typeof sql>) {
  const tables = ['audit_subject_set', 'audit_entry_subjects'];
  if (dialect === 'postgres') {
    for (const t of tables) await sql`alter table ${sql.table(t)} disable trigger ${sql.raw(`${t}_no_change`)}`.execute(db.kysely);
  } else {
    for (const t of tables) for (const op of ['update', 'delete']) await sql`drop trigger ${sql.raw(`${t}_no_${op}`)}`.execute(db.kysely);
  }
  await statement.execute(db.kysely);
}

describe.each(dialects)('SEC-1 the audit subject index is verified with the chain (%s)', (dialect) => {
  async function logWithTwoReads() {
    const db = await openFresh(dialect);
    await migrateToLatest(db);
    const roster = [randomUUID(), randomUUID(), randomUUID()];
    const read = { actorId: null, action: 'class_group.read_roster' as const, outcome: 'allowed' as const, subjectIds: roster };
    await db.kysely.transaction().execute((trx) => appendAuditEntries(trx, [{ actorId: null, action: 'board.setup', outcome: 'succeeded' }, read, read]));
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: true, checked: 3 });
    return { db, roster };
  }

  test('the index cannot be changed through ordinary SQL', async () => {
    const { db } = await logWithTwoReads();
    await expect(sql`delete from audit_entry_subjects`.execute(db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_subject_set set person_id = 'x'`.execute(db.kysely)).rejects.toThrow(/append-only/);
  });

  test('adding someone to a set is caught at the first entry that names it', async () => {
    const { db } = await logWithTwoReads();
    const { set_id } = await db.kysely.selectFrom('audit_subject_set').select('set_id').executeTakeFirstOrThrow();
    await tamperIndex(db, dialect, sql`insert into audit_subject_set (person_id, set_id) values (${randomUUID()}, ${set_id})`);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: false, firstBreak: { kind: 'subjects_altered', seq: 2 } });
  });

  test('removing someone from a set is caught too', async () => {
    const { db, roster } = await logWithTwoReads();
    await tamperIndex(db, dialect, sql`delete from audit_subject_set where person_id = ${roster[1]!}`);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: false, firstBreak: { kind: 'subjects_altered', seq: 2 } });
  });

  test('an entry unlinked from its people is named (it would vanish from "who looked at my child")', async () => {
    const { db } = await logWithTwoReads();
    await tamperIndex(db, dialect, sql`delete from audit_entry_subjects where seq = 3`);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: false, firstBreak: { kind: 'subjects_unindexed', seq: 3 } });
  });

  test('an entry linked to people it does not name is named too', async () => {
    const { db } = await logWithTwoReads();
    const { set_id } = await db.kysely.selectFrom('audit_subject_set').select('set_id').executeTakeFirstOrThrow();
    await tamperIndex(db, dialect, sql`insert into audit_entry_subjects (set_id, seq) values (${set_id}, 1)`);
    expect(await verifyAuditChain(db.kysely)).toMatchObject({ ok: false, firstBreak: { kind: 'subjects_unindexed', seq: 1 } });
  });
});
