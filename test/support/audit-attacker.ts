import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { dialectOf } from '../../src/db/dialect.ts';
import { entryHash, GENESIS_HASH, type ChainedFields } from '../../src/domain/audit/hash-chain.ts';

/**
 * What someone who controls the database can do to the audit log (SEC-1 B9): switch the
 * append-only triggers off, change the tables, and put the triggers back exactly as they were,
 * so that only the signed checkpoints outside the database can tell.
 */
const AUDIT_TABLES = ['audit_log', 'audit_subject_set', 'audit_entry_subjects'];

interface Trigger {
  name: string;
  table: string;
  definition: string;
}

async function auditTriggers(k: Kysely<Database>): Promise<Trigger[]> {
  if (dialectOf(k) === 'sqlite') {
    const rows = await sql<Trigger>`select name, tbl_name as "table", sql as definition from sqlite_master
      where type = 'trigger' and tbl_name in (${sql.join(AUDIT_TABLES)})`.execute(k);
    return rows.rows;
  }
  const rows = await sql<Trigger>`select t.tgname as name, c.relname as "table", pg_get_triggerdef(t.oid) as definition
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where not t.tgisinternal and c.relname in (${sql.join(AUDIT_TABLES)})`.execute(k);
  return rows.rows;
}

export async function dropTrigger(k: Kysely<Database>, name: string, table: string): Promise<void> {
  if (dialectOf(k) === 'sqlite') await sql`drop trigger ${sql.id(name)}`.execute(k);
  else await sql`drop trigger ${sql.id(name)} on ${sql.table(table)}`.execute(k);
}

/** Drops the audit tables' triggers, runs `change`, and recreates the triggers as they were. */
export async function withoutAuditTriggers(k: Kysely<Database>, change: () => Promise<void>): Promise<void> {
  const triggers = await auditTriggers(k);
  for (const t of triggers) await dropTrigger(k, t.name, t.table);
  await change();
  for (const t of triggers) await sql.raw(t.definition).execute(k);
}

/** Deletes every entry after `keep` (and its index links) and rewinds the head to entry `keep`. */
export async function truncateAuditLog(k: Kysely<Database>, keep: number): Promise<void> {
  await withoutAuditTriggers(k, async () => {
    const last = await k.selectFrom('audit_log').select('hash').where('seq', '=', keep).executeTakeFirstOrThrow();
    await k.deleteFrom('audit_entry_subjects').where('seq', '>', keep).execute();
    await k.deleteFrom('audit_log').where('seq', '>', keep).execute();
    await k.updateTable('audit_head').set({ last_seq: keep, last_hash: last.hash }).where('id', '=', 1).execute();
  });
}

/**
 * Changes where entry `seq` came from, then recomputes every hash after it and the head: the
 * chain's hash has no key, so the result is a chain consistent with itself.
 */
export async function rewriteAuditChain(k: Kysely<Database>, seq: number, ip: string): Promise<void> {
  await withoutAuditTriggers(k, async () => {
    const rows = await k.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const fields: ChainedFields = { ...row, seq: Number(row.seq), ip: Number(row.seq) === seq ? ip : row.ip };
      const hash = entryHash(prev, fields);
      if (Number(row.seq) >= seq) {
        await k.updateTable('audit_log').set({ ip: fields.ip, prev_hash: prev, hash }).where('seq', '=', Number(row.seq)).execute();
      }
      prev = hash;
    }
    await k.updateTable('audit_head').set({ last_hash: prev }).where('id', '=', 1).execute();
  });
}
