import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { CHAINED_COLUMNS, chainedHash, type ChainedValues } from '../../domain/audit/hash-chain.ts';
import { subjectSet, subjectsColumn } from '../../domain/audit/subject-set.ts';
import type { Database } from '../schema.ts';
import type { AuditAction } from '../../domain/audit/audit-actions.ts';

/** What a caller says happened; the log adds the sequence, the time and the hashes. */
export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  outcome: 'allowed' | 'denied' | 'succeeded' | 'failed';
  scopeType?: string | null;
  scopeId?: string | null;
  /** Ids of every person whose information was read or changed. */
  subjectIds?: readonly string[];
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

type Db = Transaction<Database> | Kysely<Database>;

/** The columns of an audit row, in the order the insert statements below take them. */
const COLUMNS = [...CHAINED_COLUMNS, 'prev_hash', 'hash'] as const;
const COLUMN_LIST = COLUMNS.join(', ');

/** SQLite rows go in groups of 32, 16, … 1: a few kept statements whatever the batch size. */
const ROW_GROUPS = [32, 16, 8, 4, 2, 1] as const;
const valuesFor = (columns: number, rows: number) => Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ');
const insertRows = (table: string, columns: readonly string[]) =>
  Object.fromEntries(ROW_GROUPS.map((n) => [n, `insert into "${table}" (${columns.join(', ')}) values ${valuesFor(columns.length, n)}`])) as Record<number, string>;
const LOG_ROWS = insertRows('audit_log', COLUMNS);
const LINK_ROWS = insertRows('audit_entry_subjects', ['set_id', 'seq']);

/** Runs `rows` through the grouped insert statements of one table, each group's values in one flat list. */
async function insertGrouped(trx: Db, statements: Record<number, string>, rows: readonly (readonly unknown[])[]) {
  let i = 0;
  for (const n of ROW_GROUPS) {
    for (; rows.length - i >= n; i += n) {
      const values: unknown[] = [];
      for (let r = i; r < i + n; r++) for (const v of rows[r]!) values.push(v);
      await trx.executeQuery(CompiledQuery.raw(statements[n]!, values));
    }
  }
}

/**
 * Statements whose text never changes with the batch size. On PostgreSQL every row of the batch
 * travels as one JSON parameter (one round trip); SQLite runs in-process, where binding values
 * (LOG_ROWS, LINK_ROWS) costs less than parsing the rows back out of JSON. A set's members go
 * as JSON on both: they come once per set, and a roster import's set holds everyone.
 */
const STATEMENTS = {
  sqlite: {
    lock: 'update "audit_head" set "updated_at" = ? where "id" = 1 returning "last_seq", "last_hash"',
    insertSets:
      'insert into "audit_subject_set" ("person_id", "set_id") select "value" ->> 0, "value" ->> 1 from json_each(?) where true on conflict do nothing',
    head: 'update "audit_head" set "last_seq" = ?, "last_hash" = ? where "id" = 1',
  },
  postgres: {
    lock: 'update "audit_head" set "updated_at" = $1 where "id" = 1 returning "last_seq", "last_hash"',
    // Each row is a JSON list in COLUMNS order (seq, at, …, prev_hash, hash).
    insertLog:
      `insert into "audit_log" (${COLUMN_LIST}) select (r ->> 0)::bigint, ${COLUMNS.slice(1).map((_, i) => `r ->> ${i + 1}`).join(', ')} ` +
      'from jsonb_array_elements($1::jsonb) as r',
    insertSets:
      'insert into "audit_subject_set" ("person_id", "set_id") select "value" ->> 0, "value" ->> 1 from jsonb_array_elements($1::jsonb) on conflict do nothing',
    insertLinks:
      'insert into "audit_entry_subjects" ("set_id", "seq") select "value" ->> 0, ("value" ->> 1)::bigint from jsonb_array_elements($1::jsonb)',
    head: 'update "audit_head" set "last_seq" = $1, "last_hash" = $2 where "id" = 1',
  },
} as const;

/** Subject sets already in the database, so they are not sent again (see AuditLog). */
export interface KnownSubjectSets {
  has(setId: string): boolean;
}

/**
 * Appends entries inside the caller's transaction. The first statement updates the single head
 * row, which takes a write lock on SQLite and a row lock on PostgreSQL: concurrent appenders
 * (other requests, other instances, the CLI) wait their turn, so the chain never forks.
 *
 * Returns the subject sets this batch inserted: they exist once the caller's transaction commits.
 */
export async function appendAuditEntries(
  trx: Transaction<Database> | Kysely<Database>,
  entries: readonly AuditEntry[],
  knownSets: KnownSubjectSets = { has: () => false },
): Promise<{ seqs: number[]; newSets: string[] }> {
  if (entries.length === 0) return { seqs: [], newSets: [] };
  const dialect = dialectOf(trx);
  const q = STATEMENTS[dialect];
  const at = new Date().toISOString();
  const head = (await trx.executeQuery(CompiledQuery.raw(q.lock, [at]))).rows[0] as { last_seq: number | string; last_hash: string } | undefined;
  if (!head) throw new Error('audit_head row missing');
  const sets = entries.map((e) => subjectSetOf(e.subjectIds));
  const { rows, seq, prev } = chain(entries, sets, at, Number(head.last_seq), head.last_hash);
  const { links, members, newSets } = subjectIndex(sets, rows, knownSets);
  if ('insertLog' in q) await trx.executeQuery(CompiledQuery.raw(q.insertLog, [JSON.stringify(rows)]));
  else await insertGrouped(trx, LOG_ROWS, rows);
  if (members.length > 0) await trx.executeQuery(CompiledQuery.raw(q.insertSets, [JSON.stringify(members)]));
  if ('insertLinks' in q) {
    if (links.length > 0) await trx.executeQuery(CompiledQuery.raw(q.insertLinks, [JSON.stringify(links)]));
  } else await insertGrouped(trx, LINK_ROWS, links);
  await trx.executeQuery(CompiledQuery.raw(q.head, [seq, prev]));
  return { seqs: rows.map((r) => r[0]), newSets };
}

type SubjectSet = ReturnType<typeof subjectSet>;

/** The entry-to-set links of a batch, and the sets not known to exist yet with their members. */
function subjectIndex(sets: readonly (SubjectSet | null)[], rows: readonly AuditRow[], knownSets: KnownSubjectSets) {
  const links: [string, number][] = [];
  const members: [string, string][] = [];
  const sent = new Set<string>();
  sets.forEach((set, i) => {
    if (set === null) return;
    links.push([set.id, rows[i]![0]]);
    if (knownSets.has(set.id) || sent.has(set.id)) return;
    sent.add(set.id);
    for (const personId of set.members) members.push([personId, set.id]);
  });
  return { links, members, newSets: [...sent] };
}

/**
 * The set an entry names. The same people come again and again (a class list read all day), so
 * the last sets are remembered by their members: hashing them once is enough.
 */
const setByText = new Map<string, SubjectSet>();
const MAX_REMEMBERED_SETS = 1000;
const MAX_REMEMBERED_LIST = 500;
function subjectSetOf(subjectIds: readonly string[] | undefined): SubjectSet | null {
  if (!subjectIds || subjectIds.length === 0) return null;
  // A whole roster import names everyone once: not worth keeping.
  if (subjectIds.length > MAX_REMEMBERED_LIST) return subjectSet(subjectIds);
  const text = subjectIds.join('\n');
  let set = setByText.get(text);
  if (set === undefined) {
    set = subjectSet(subjectIds);
    if (setByText.size >= MAX_REMEMBERED_SETS) setByText.delete(setByText.keys().next().value!);
    setByText.set(text, set);
  }
  return set;
}

/** An audit row as the insert statements take it: the chained values, then prev_hash and hash. */
type AuditRow = [...ChainedValues, prevHash: string, hash: string];

const NO_DETAILS = '{}';

/** Sequence numbers and hashes for a batch, continuing the chain from the head. */
function chain(entries: readonly AuditEntry[], sets: readonly (SubjectSet | null)[], at: string, lastSeq: number, lastHash: string) {
  let seq = lastSeq;
  let prev = lastHash;
  const rows = entries.map((e, i): AuditRow => {
    seq += 1;
    const values: ChainedValues = [
      seq, at, e.actorId, e.action, e.outcome, e.scopeType ?? null, e.scopeId ?? null,
      subjectsColumn(sets[i]?.id ?? null), e.targetType ?? null, e.targetId ?? null, e.ip ?? null,
      e.requestId ?? null, e.details ? JSON.stringify(e.details) : NO_DETAILS,
    ];
    const hash = chainedHash(prev, values);
    const row: AuditRow = [...values, prev, hash];
    prev = hash;
    return row;
  });
  return { rows, seq, prev };
}
