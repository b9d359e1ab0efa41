import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditHashAt, readAuditHead } from '../../db/audit/verify-audit-chain.ts';
import { signCheckpoint, type SignedCheckpoint } from '../../domain/audit/checkpoint.ts';
import { headExtends, type CheckpointBreak } from '../../domain/audit/compare-with-checkpoints.ts';
import { appendCheckpoint, latestCheckpoint, loadAuditKey, type CheckpointPlaces } from './audit-checkpoint-files.ts';

export type SealOutcome =
  | { kind: 'written'; checkpoint: SignedCheckpoint; file: string }
  /** The head has not moved since the latest checkpoint (or the log is empty). */
  | { kind: 'unchanged' }
  /** The log no longer extends the latest checkpoint: signing now would seal the tampering. */
  | { kind: 'refused'; problem: CheckpointBreak };

/**
 * Signs checkpoints of the audit log with the key kept outside the database. Remembers the
 * latest checkpoint it knows of, so sealing every few minutes reads one row, not the directory.
 */
export class AuditSeal {
  private latest: SignedCheckpoint | null | undefined;

  private constructor(
    private readonly key: KeyObject,
    private readonly dir: string,
  ) {}

  /** null when there is no key and `createKey` is false (the command line never creates one). */
  static async open(places: CheckpointPlaces, opts: { createKey: boolean }): Promise<AuditSeal | null> {
    const key = await loadAuditKey(places.keyFile, opts.createKey);
    return key && new AuditSeal(key, places.checkpointDir);
  }

  /**
   * Seals the log at `head` (the head row, or the head a verify has just walked) when it moved,
   * after checking it still extends the latest checkpoint: same hash at that checkpoint's
   * sequence number, never fewer entries.
   */
  async seal(db: Kysely<Database>, head: { seq: number; hash: string }, now: Date): Promise<SealOutcome> {
    this.latest ??= await latestCheckpoint(this.dir);
    const latest = this.latest;
    if (head.seq === 0 || (latest && latest.seq === head.seq && latest.headHash === head.hash)) return { kind: 'unchanged' };
    // Another instance (or a verify) may have sealed further since `head` was read: only a log
    // whose head row is now below the latest checkpoint was truncated.
    if (latest && head.seq < latest.seq && (await readAuditHead(db)).seq >= latest.seq) return { kind: 'unchanged' };
    const hashAtLatest = latest && (latest.seq === head.seq ? head.hash : await auditHashAt(db, latest.seq));
    const problem = headExtends(latest, head, hashAtLatest ?? undefined);
    if (problem) return { kind: 'refused', problem };
    const checkpoint = signCheckpoint({ seq: head.seq, headHash: head.hash, at: now.toISOString() }, this.key);
    const file = await appendCheckpoint(this.dir, checkpoint, this.key);
    this.latest = checkpoint;
    return { kind: 'written', checkpoint, file };
  }
}
