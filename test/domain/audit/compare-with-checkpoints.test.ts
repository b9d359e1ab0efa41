import { describe, expect, it } from 'vitest';
import { compareWithCheckpoints, headExtends, type ChainReach } from '../../../src/domain/audit/compare-with-checkpoints.ts';
import type { Checkpoint } from '../../../src/domain/audit/checkpoint.ts';

const h = (n: number) => n.toString(16).padStart(64, '0');
const cp = (seq: number, hash = h(seq), at = `2026-11-23T10:00:00.${String(seq).padStart(3, '0')}Z`): Checkpoint => ({ seq, headHash: hash, at });
/** A chain of `lastSeq` entries whose hash at n is h(n), except where `changed` says. */
const chain = (lastSeq: number, changed: Record<number, string> = {}, complete = true): ChainReach => ({
  complete,
  lastSeq,
  hashAt: (seq) => (seq <= lastSeq && (complete || seq < lastSeq) ? (changed[seq] ?? h(seq)) : undefined),
});

describe('SEC-1 B9 comparing the chain with its signed checkpoints', () => {
  it('a chain that extends every checkpoint holds', () => {
    expect(compareWithCheckpoints(chain(10), [cp(3), cp(10)])).toEqual([]);
    expect(compareWithCheckpoints(chain(10), [])).toEqual([]);
    expect(compareWithCheckpoints(chain(0), [])).toEqual([]);
  });

  it('entries deleted and the head rewound: truncated from the first missing entry', () => {
    expect(compareWithCheckpoints(chain(7), [cp(3), cp(10)])).toEqual([{ kind: 'truncated', seq: 8, checkpoint: cp(10) }]);
    expect(compareWithCheckpoints(chain(0), [cp(2)])).toEqual([{ kind: 'truncated', seq: 1, checkpoint: cp(2) }]);
  });

  it('the chain recomputed after a change: rewritten at the earliest checkpoint it no longer matches', () => {
    expect(compareWithCheckpoints(chain(12, { 5: 'x', 10: 'y' }), [cp(3), cp(5), cp(10)])).toEqual([{ kind: 'rewritten', seq: 5, checkpoint: cp(5) }]);
  });

  it('rewritten and shorter: both are said', () => {
    expect(compareWithCheckpoints(chain(6, { 5: 'x' }), [cp(5), cp(9)])).toEqual([
      { kind: 'rewritten', seq: 5, checkpoint: cp(5) },
      { kind: 'truncated', seq: 7, checkpoint: cp(9) },
    ]);
  });

  it('the latest checkpoint is the highest sequence, whatever the order given', () => {
    expect(compareWithCheckpoints(chain(4), [cp(9), cp(2), cp(6)])).toEqual([{ kind: 'truncated', seq: 5, checkpoint: cp(9) }]);
  });

  it('a walk stopped at a broken entry judges only what it reached intact', () => {
    // The break itself is reported by the chain; beyond it nothing is known.
    expect(compareWithCheckpoints(chain(6, {}, false), [cp(3), cp(6), cp(9)])).toEqual([]);
    expect(compareWithCheckpoints(chain(6, { 3: 'x' }, false), [cp(3), cp(9)])).toEqual([{ kind: 'rewritten', seq: 3, checkpoint: cp(3) }]);
  });

  it('the log may be sealed only where it extends the latest checkpoint', () => {
    expect(headExtends(null, { seq: 4, hash: h(4) }, undefined)).toBeNull();
    expect(headExtends(cp(4), { seq: 9, hash: h(9) }, h(4))).toBeNull();
    expect(headExtends(cp(4), { seq: 3, hash: h(3) }, undefined)).toEqual({ kind: 'truncated', seq: 4, checkpoint: cp(4) });
    expect(headExtends(cp(4), { seq: 9, hash: h(9) }, 'x')).toEqual({ kind: 'rewritten', seq: 4, checkpoint: cp(4) });
    expect(headExtends(cp(4), { seq: 9, hash: h(9) }, undefined)).toEqual({ kind: 'rewritten', seq: 4, checkpoint: cp(4) });
  });
});
