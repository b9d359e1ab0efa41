import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { missingAuditGuards, verifyAuditChain } from '../../db/audit/verify-audit-chain.ts';
import { orderBreaks, type AuditLogBreak } from '../../domain/audit/audit-breaks.ts';
import type { Checkpoint } from '../../domain/audit/checkpoint.ts';
import { compareWithCheckpoints } from '../../domain/audit/compare-with-checkpoints.ts';
import { readCheckpoints, type CheckpointPlaces } from './audit-checkpoint-files.ts';
import { AuditSeal, type SealOutcome } from './audit-seal.ts';

export interface AuditLogCheck {
  ok: boolean;
  /** Entries whose chain and people were checked. */
  checked: number;
  lastSeq: number;
  /** The hash of entry `lastSeq`: what a checkpoint written after this check seals. */
  lastHash: string;
  /** The first problem: the earliest broken entry, else a forged checkpoint, else a missing guard. */
  firstBreak: (AuditLogBreak & { at?: string; action?: string }) | null;
  breaks: AuditLogBreak[];
  /** The latest signed checkpoint the log was compared with, and how many were. */
  checkpoint: Checkpoint | null;
  checkpointsCompared: number;
}

/**
 * Everything verify checks (SEC-1): the hash chain and the per-person index, every signed
 * checkpoint (a signature that does not hold, a log shorter than a checkpoint or different at
 * its sequence number), and the append-only triggers. Writes nothing.
 */
export async function checkAuditLog(db: Kysely<Database>, places: CheckpointPlaces): Promise<AuditLogCheck> {
  const { valid, invalid } = await readCheckpoints(places.checkpointDir);
  const walk = await verifyAuditChain(db, { hashesAt: new Set(valid.map((c) => c.seq)) });
  const againstCheckpoints = compareWithCheckpoints({ complete: walk.ok, lastSeq: walk.lastSeq, hashAt: (seq) => walk.hashes.get(seq) }, valid);
  const breaks = orderBreaks([
    ...(walk.firstBreak ? [walk.firstBreak] : []),
    ...againstCheckpoints,
    ...invalid.map((file): AuditLogBreak => ({ kind: 'checkpoint_invalid', file })),
    ...(await missingAuditGuards(db)).map((trigger): AuditLogBreak => ({ kind: 'trigger_missing', trigger })),
  ]);
  const latest = valid[valid.length - 1];
  return {
    ok: breaks.length === 0,
    checked: walk.checked,
    lastSeq: walk.lastSeq,
    lastHash: walk.lastHash,
    firstBreak: breaks[0] ?? null,
    breaks,
    checkpoint: latest ? { seq: latest.seq, headHash: latest.headHash, at: latest.at } : null,
    checkpointsCompared: valid.length,
  };
}

export type SealAfterCheck = SealOutcome | { kind: 'no_key' } | { kind: 'failed'; reason: string } | { kind: 'not_verified' };

/**
 * After a verify that found nothing wrong, seals what it walked: the next verify then compares
 * with a checkpoint at least this recent. Without the key (a command line run by another user,
 * a Balise never started) nothing is written; a failure to write never turns a verify into an error.
 */
export async function sealAfterCheck(db: Kysely<Database>, places: CheckpointPlaces, check: AuditLogCheck, now: Date): Promise<SealAfterCheck> {
  if (!check.ok) return { kind: 'not_verified' };
  try {
    const seal = await AuditSeal.open(places, { createKey: false });
    if (!seal) return { kind: 'no_key' };
    return await seal.seal(db, { seq: check.lastSeq, hash: check.lastHash }, now);
  } catch (err) {
    return { kind: 'failed', reason: (err as Error).message };
  }
}
