import type { Checkpoint } from './checkpoint.ts';

/** How far a walk of the hash chain got, and the hashes it met at the checkpoints' sequence numbers. */
export interface ChainReach {
  /** The chain was walked to its head without a break. */
  complete: boolean;
  /** The last entry walked (the head when complete). */
  lastSeq: number;
  /** The hash of entry `seq` as the walk found it; undefined when the walk did not reach it intact. */
  hashAt(seq: number): string | undefined;
}

export type CheckpointBreak =
  /** Entries a checkpoint sealed are gone: `seq` is the first missing one. */
  | { kind: 'truncated'; seq: number; checkpoint: Checkpoint }
  /** The entry at the checkpoint's sequence no longer has the hash the checkpoint sealed. */
  | { kind: 'rewritten'; seq: number; checkpoint: Checkpoint };

/**
 * Compares a walked chain with valid (signature checked) checkpoints. A chain consistent with
 * itself can still be shorter than a checkpoint (the newest entries deleted and the head rewound)
 * or differ from it (the chain recomputed after a change): the hash has no key, the signature has.
 * Reports the earliest rewritten checkpoint and, when the walk reached the head, a truncation.
 */
export function compareWithCheckpoints(chain: ChainReach, checkpoints: readonly Checkpoint[]): CheckpointBreak[] {
  const bySeq = [...checkpoints].sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at));
  const breaks: CheckpointBreak[] = [];
  const rewritten = bySeq.find((c) => c.seq <= chain.lastSeq && chain.hashAt(c.seq) !== undefined && chain.hashAt(c.seq) !== c.headHash);
  if (rewritten) breaks.push({ kind: 'rewritten', seq: rewritten.seq, checkpoint: rewritten });
  const latest = bySeq[bySeq.length - 1];
  if (chain.complete && latest && latest.seq > chain.lastSeq) breaks.push({ kind: 'truncated', seq: chain.lastSeq + 1, checkpoint: latest });
  return breaks;
}

/** Whether the log may be sealed at `head` after `latest`: it extends what was sealed, never shortens or replaces it. */
export function headExtends(latest: Checkpoint | null, head: { seq: number; hash: string }, hashAtLatest: string | undefined): CheckpointBreak | null {
  if (!latest) return null;
  if (head.seq < latest.seq) return { kind: 'truncated', seq: head.seq + 1, checkpoint: latest };
  if (hashAtLatest !== latest.headHash) return { kind: 'rewritten', seq: latest.seq, checkpoint: latest };
  return null;
}
