import { sql, type Kysely } from 'kysely';
import { ChainVerifier, GENESIS_HASH, type ChainBreak } from '../../domain/audit/hash-chain.ts';
import { readSubjectsColumn, subjectSetId } from '../../domain/audit/subject-set.ts';
import { missingGuards, type FoundTrigger } from '../../domain/audit/append-only-guards.ts';
import { dialectOf } from '../dialect.ts';
import type { Database } from '../schema.ts';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  firstBreak: (ChainBreak & { at?: string; action?: string }) | null;
}

export interface ChainWalk extends AuditVerification {
  /** The hash of the last entry walked intact (the head's when ok): what a checkpoint seals. */
  lastHash: string;
  /** The hashes met at the sequence numbers asked for in `hashesAt`, for the entries walked intact. */
  hashes: Map<number, string>;
}

/**
 * Reads the log in pages of sequence order, up to the head as it stood when the walk began
 * (entries appended meanwhile are for the next verify), and reports the first entry that breaks
 * the chain, or whose people do not match the per-person index (a set whose members were
 * changed, an entry unlinked from its set): a guardian asking who looked at the child's file
 * must get every entry.
 */
export async function verifyAuditChain(db: Kysely<Database>, opts: { pageSize?: number; hashesAt?: ReadonlySet<number> } = {}): Promise<ChainWalk> {
  const pageSize = opts.pageSize ?? 5000;
  const head = await readAuditHead(db);
  const verifier = new ChainVerifier();
  const sets = new SetChecker(db);
  const hashes = new Map<number, string>();
  let after = 0;
  let lastHash = GENESIS_HASH;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).where('seq', '<=', head.seq).orderBy('seq').limit(pageSize).execute();
    const links = page.length ? await linksOf(db, Number(page[0]!.seq), Number(page[page.length - 1]!.seq)) : new Map<number, string[]>();
    for (const row of page) {
      const seq = Number(row.seq);
      const broken = verifier.next({ ...row, seq }) ?? (await sets.check(seq, row.subject_ids, links.get(seq) ?? []));
      if (broken) {
        const culprit = page.find((r) => Number(r.seq) === broken.seq);
        const firstBreak = { ...broken, at: culprit?.at, action: culprit?.action };
        return { ok: false, checked: verifier.checked, lastSeq: seq, lastHash, hashes, firstBreak };
      }
      lastHash = row.hash;
      if (opts.hashesAt?.has(seq)) hashes.set(seq, row.hash);
    }
    if (page.length < pageSize) break;
    after = Number(page[page.length - 1]!.seq);
  }
  const tail = verifier.finish({ last_seq: head.seq, last_hash: head.hash });
  return { ok: !tail, checked: verifier.checked, lastSeq: head.seq, lastHash, hashes, firstBreak: tail };
}

/** The head row: the last appended entry's sequence number and hash, as the writers keep it. */
export async function readAuditHead(db: Kysely<Database>): Promise<{ seq: number; hash: string }> {
  const head = await db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { seq: Number(head.last_seq), hash: head.last_hash };
}

/** The stored hash of one entry, or undefined when there is no such entry. */
export async function auditHashAt(db: Kysely<Database>, seq: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
  return row?.hash;
}

/** The append-only triggers of the audit tables that are gone, disabled or altered, by name. */
export async function missingAuditGuards(db: Kysely<Database>): Promise<string[]> {
  return missingGuards(dialectOf(db), await auditTriggers(db));
}

/** The triggers on the audit tables as the engine holds them (see domain/audit/append-only-guards.ts). */
async function auditTriggers(db: Kysely<Database>): Promise<FoundTrigger[]> {
  const tables = ['audit_log', 'audit_subject_set', 'audit_entry_subjects'];
  if (dialectOf(db) === 'sqlite') {
    const rows = await sql<{ name: string; tbl_name: string; sql: string | null }>`
      select name, tbl_name, sql from sqlite_master where type = 'trigger' and tbl_name in (${sql.join(tables)})`.execute(db);
    return rows.rows.map((r) => ({ name: r.name, table: r.tbl_name, definition: r.sql ?? '' }));
  }
  const rows = await sql<{ name: string; table: string; enabled: string; definition: string; body: string }>`
    select t.tgname as name, c.relname as table, t.tgenabled as enabled, pg_get_triggerdef(t.oid) as definition, p.prosrc as body
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
    where not t.tgisinternal and pg_table_is_visible(c.oid) and c.relname in (${sql.join(tables)})`.execute(db);
  return rows.rows.map((r) => ({ name: r.name, table: r.table, definition: r.definition, enabled: r.enabled, functionBody: r.body }));
}

async function linksOf(db: Kysely<Database>, from: number, to: number): Promise<Map<number, string[]>> {
  const rows = await db.selectFrom('audit_entry_subjects').select(['seq', 'set_id']).where('seq', '>=', from).where('seq', '<=', to).execute();
  const links = new Map<number, string[]>();
  for (const r of rows) {
    const seq = Number(r.seq);
    links.set(seq, [...(links.get(seq) ?? []), r.set_id]);
  }
  return links;
}

/** Checks each entry's link to its set, and each set (once) against its name. */
class SetChecker {
  private verified = new Set<string>();
  constructor(private readonly db: Kysely<Database>) {}

  async check(seq: number, subjectIds: string, linked: string[]): Promise<ChainBreak | null> {
    const { setId } = readSubjectsColumn(subjectIds);
    if (setId === null) return linked.length === 0 ? null : { kind: 'subjects_unindexed', seq };
    if (linked.length !== 1 || linked[0] !== setId) return { kind: 'subjects_unindexed', seq };
    if (this.verified.has(setId)) return null;
    const members = await this.db.selectFrom('audit_subject_set').select('person_id').where('set_id', '=', setId).execute();
    if (members.length === 0 || subjectSetId(members.map((m) => m.person_id)) !== setId) return { kind: 'subjects_altered', seq };
    this.verified.add(setId);
    return null;
  }
}
