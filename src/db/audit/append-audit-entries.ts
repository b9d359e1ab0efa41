import type { Kysely, Transaction } from 'kysely';
import { entryHash } from '../../domain/audit/hash-chain.ts';
import type { Database } from '../schema.ts';

/** What a caller says happened; the log adds the sequence, the time and the hashes. */
export interface AuditEntry {
  actorId: string | null;
  action: string;
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

/**
 * Appends entries inside the caller's transaction. The first statement updates the single head
 * row, which takes a write lock on SQLite and a row lock on PostgreSQL: concurrent appenders
 * (other requests, other instances, the CLI) wait their turn, so the chain never forks.
 */
export async function appendAuditEntries(trx: Transaction<Database> | Kysely<Database>, entries: readonly AuditEntry[]) {
  if (entries.length === 0) return [];
  const at = new Date().toISOString();
  const head = await trx
    .updateTable('audit_head')
    .set({ updated_at: at })
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  let seq = Number(head.last_seq);
  let prev = head.last_hash;
  const rows = entries.map((e) => {
    seq += 1;
    const fields = {
      seq,
      at,
      actor_id: e.actorId,
      action: e.action,
      outcome: e.outcome,
      scope_type: e.scopeType ?? null,
      scope_id: e.scopeId ?? null,
      subject_ids: JSON.stringify([...new Set(e.subjectIds ?? [])]),
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      ip: e.ip ?? null,
      request_id: e.requestId ?? null,
      details: JSON.stringify(e.details ?? {}),
    };
    const hash = entryHash(prev, fields);
    const row = { ...fields, prev_hash: prev, hash };
    prev = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('audit_log').values(rows.slice(i, i + 500)).execute();
  }
  const subjects = rows.flatMap((r) => (JSON.parse(r.subject_ids) as string[]).map((person_id) => ({ person_id, seq: r.seq })));
  for (let i = 0; i < subjects.length; i += 1000) {
    await trx.insertInto('audit_subject').values(subjects.slice(i, i + 1000)).execute();
  }
  await trx.updateTable('audit_head').set({ last_seq: seq, last_hash: prev }).where('id', '=', 1).execute();
  return rows.map((r) => r.seq);
}
