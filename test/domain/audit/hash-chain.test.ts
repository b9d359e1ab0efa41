import { describe, expect, it } from 'vitest';
import { ChainVerifier, GENESIS_HASH, entryHash, type ChainedFields } from '../../../src/domain/audit/hash-chain.ts';

function chain(n: number) {
  const rows: (ChainedFields & { prev_hash: string; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const f: ChainedFields = {
      seq, at: `2026-11-23T10:00:0${seq % 10}.000Z`, actor_id: `a${seq}`, action: 'student.read_file', outcome: 'allowed',
      scope_type: 'student', scope_id: 's', subject_ids: '["s"]', target_type: 'student', target_id: 's', ip: '127.0.0.1', request_id: 'r', details: '{}',
    };
    const hash = entryHash(prev, f);
    rows.push({ ...f, prev_hash: prev, hash });
    prev = hash;
  }
  return rows;
}
const verify = (rows: ReturnType<typeof chain>, head: { last_seq: number; last_hash: string }) => {
  const v = new ChainVerifier();
  for (const r of rows) {
    const b = v.next(r);
    if (b) return b;
  }
  return v.finish(head);
};

describe('SEC-1 audit hash chain', () => {
  const rows = chain(5);
  const head = { last_seq: 5, last_hash: rows[4]!.hash };

  it('an intact chain verifies', () => expect(verify(rows, head)).toBeNull());
  it('the hash of an entry is pinned: logs written by earlier versions still verify', () => {
    // sha256 of the previous hash, a newline, then the covered fields as a JSON list in their order.
    const f: ChainedFields = {
      seq: 1, at: '2026-11-23T10:00:01.000Z', actor_id: 'a1', action: 'student.read_file', outcome: 'allowed', scope_type: 'student',
      scope_id: 's', subject_ids: 'set:abc', target_type: null, target_id: null, ip: '127.0.0.1', request_id: 'r', details: '{"route":"/x"}',
    };
    expect(entryHash(GENESIS_HASH, f)).toBe('cb64d6fd16364102a2c6230707f788976b2da917ee2196ba7fa6c9666f32a61f');
  });
  it('each hash covers the previous hash', () => {
    expect(entryHash('x'.repeat(64), rows[0]!)).not.toBe(rows[0]!.hash);
  });
  it('every covered field changes the hash', () => {
    for (const key of ['seq', 'at', 'actor_id', 'action', 'outcome', 'scope_type', 'scope_id', 'subject_ids', 'target_type', 'target_id', 'ip', 'request_id', 'details'] as const) {
      const altered = { ...rows[0]!, [key]: key === 'seq' ? 99 : 'changed' };
      expect(entryHash(GENESIS_HASH, altered), key).not.toBe(rows[0]!.hash);
    }
  });
  it('an altered row is named', () => {
    const altered = rows.map((r) => (r.seq === 3 ? { ...r, actor_id: 'someone-else' } : r));
    expect(verify(altered, head)).toEqual({ kind: 'altered', seq: 3 });
  });
  it('a removed row is named by its missing sequence number', () => {
    expect(verify(rows.filter((r) => r.seq !== 2), head)).toEqual({ kind: 'missing', seq: 2 });
  });
  it('a row rewritten with a fresh hash breaks the link of the next one', () => {
    const forged = { ...rows[2]!, actor_id: 'forger' };
    forged.hash = entryHash(forged.prev_hash, forged);
    const rewritten = rows.map((r) => (r.seq === 3 ? forged : r));
    expect(verify(rewritten, head)).toEqual({ kind: 'relinked', seq: 4 });
  });
  it('a removed tail is caught by the head', () => {
    expect(verify(rows.slice(0, 3), head)).toEqual({ kind: 'tail_removed', seq: 4 });
  });
  it('a tail rewritten without updating the head is caught', () => {
    const last = { ...rows[4]!, action: 'x' };
    last.hash = entryHash(last.prev_hash, last);
    expect(verify([...rows.slice(0, 4), last], head)).toEqual({ kind: 'altered', seq: 5 });
  });
});
