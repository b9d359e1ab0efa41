import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAuditEntries, type AuditEntry } from '../../db/audit/append-audit-entries.ts';
import type { AuditLog } from '../../db/audit/audit-log.ts';
import type { Call } from '../access/call.ts';

/** What an operation says happened; the call fills in who, from where and in which request. */
export type AuditNote = Omit<AuditEntry, 'actorId' | 'ip' | 'requestId'> & { actorId?: string | null };

/**
 * The one seam through which operations write the audit log.
 * - `recordAudit`: a read (or a refusal) — batched with other requests' entries, committed before
 *   the caller's promise settles, so an answer is never sent before its trace exists.
 * - `recordAuditIn`: a change — appended in the operation's own transaction, so the change and
 *   its trace commit together or not at all.
 */
export function auditEntry(call: Call, note: AuditNote): AuditEntry {
  return {
    actorId: note.actorId === undefined ? (call.actor?.personId ?? null) : note.actorId,
    action: note.action,
    outcome: note.outcome,
    scopeType: note.scopeType,
    scopeId: note.scopeId,
    subjectIds: note.subjectIds,
    targetType: note.targetType,
    targetId: note.targetId,
    ip: call.ip,
    requestId: call.requestId,
    details: note.details,
  };
}

export function recordAudit(log: AuditLog, call: Call, ...notes: AuditNote[]): Promise<void> {
  return log.record(...notes.map((n) => auditEntry(call, n)));
}

export async function recordAuditIn(trx: Transaction<Database>, call: Call, ...notes: AuditNote[]): Promise<void> {
  await appendAuditEntries(trx, notes.map((n) => auditEntry(call, n)));
}
