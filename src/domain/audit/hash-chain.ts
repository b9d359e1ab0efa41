import { hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit entry that its hash covers, in a fixed order. */
export interface ChainedFields {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  outcome: string;
  scope_type: string | null;
  scope_id: string | null;
  subject_ids: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: string;
}

/** The columns of `ChainedFields` in the order the hash covers them (and the writer inserts them). */
export const CHAINED_COLUMNS = [
  'seq', 'at', 'actor_id', 'action', 'outcome', 'scope_type', 'scope_id',
  'subject_ids', 'target_type', 'target_id', 'ip', 'request_id', 'details',
] as const satisfies readonly (keyof ChainedFields)[];

type ValuesOf<Columns extends readonly (keyof ChainedFields)[]> = { readonly [I in keyof Columns]: ChainedFields[Columns[I] & keyof ChainedFields] };
/** An entry's values as a list in CHAINED_COLUMNS order: what the hash is computed over. */
export type ChainedValues = ValuesOf<typeof CHAINED_COLUMNS>;

export function entryHash(prevHash: string, e: ChainedFields): string {
  return chainedHash(prevHash, CHAINED_COLUMNS.map((c) => e[c]) as unknown as ChainedValues);
}

/** The hash of an entry given as its list of values (the writer's form: no object per entry). */
export function chainedHash(prevHash: string, values: ChainedValues): string {
  return hash('sha256', `${prevHash}\n${JSON.stringify(values)}`, 'hex');
}

export type ChainBreak =
  | { kind: 'altered'; seq: number }
  | { kind: 'missing'; seq: number }
  | { kind: 'relinked'; seq: number }
  | { kind: 'tail_removed'; seq: number }
  /** The people the entry names were changed (its set's members no longer match its name). */
  | { kind: 'subjects_altered'; seq: number }
  /** The entry is missing from the per-person index, or is indexed under other people. */
  | { kind: 'subjects_unindexed'; seq: number };

/**
 * Walks entries in sequence order, carrying state between pages so a log of any size can be
 * verified in constant memory. Returns the first break found, or null.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;

  next(e: ChainedFields & { prev_hash: string; hash: string }): ChainBreak | null {
    if (e.seq !== this.expectedSeq) return { kind: 'missing', seq: this.expectedSeq };
    if (e.prev_hash !== this.prevHash) return { kind: 'relinked', seq: e.seq };
    if (entryHash(e.prev_hash, e) !== e.hash) return { kind: 'altered', seq: e.seq };
    this.prevHash = e.hash;
    this.expectedSeq++;
    this.checked++;
    return null;
  }

  /** The head records the last appended entry; a shorter chain means its tail was removed. */
  finish(head: { last_seq: number; last_hash: string }): ChainBreak | null {
    const lastSeq = this.expectedSeq - 1;
    if (head.last_seq > lastSeq) return { kind: 'tail_removed', seq: lastSeq + 1 };
    if (head.last_seq === lastSeq && head.last_hash !== this.prevHash) return { kind: 'altered', seq: lastSeq };
    return null;
  }
}
