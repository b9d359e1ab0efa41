import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_FILE,
  checkpointFileName,
  checkpointFileText,
  checkpointPayload,
  checkpointSignatureHolds,
  keyIdOf,
  parseCheckpointFile,
  signCheckpoint,
  type Checkpoint,
} from '../../../src/domain/audit/checkpoint.ts';

const key = generateKeyPairSync('ed25519').privateKey;
const publicKey = createPublicKey(key);
const other = generateKeyPairSync('ed25519');
const c: Checkpoint = { seq: 42, headHash: 'ab'.repeat(32), at: '2026-11-23T10:05:00.123Z' };

describe('SEC-1 B9 signed audit checkpoints', () => {
  it('the signed form is one field per line under a format name', () => {
    expect(checkpointPayload(c).toString()).toBe(`balise-audit-checkpoint/1\nseq=42\nhead=${'ab'.repeat(32)}\nat=2026-11-23T10:05:00.123Z\n`);
  });

  it('refuses to sign what is not a checkpoint', () => {
    for (const bad of [{ ...c, seq: 0 }, { ...c, seq: 1.5 }, { ...c, headHash: 'AB'.repeat(32) }, { ...c, headHash: 'ab' }, { ...c, at: '2026-11-23' }, { ...c, at: '2026-13-45T10:05:00.123Z' }]) {
      expect(() => signCheckpoint(bad, key)).toThrow(/not a checkpoint/);
    }
  });

  it('a signature holds for the key it names and the exact fields signed', () => {
    const signed = signCheckpoint(c, key);
    expect(signed).toMatchObject({ ...c, keyId: keyIdOf(publicKey) });
    expect(signed.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(checkpointSignatureHolds(signed, publicKey)).toBe(true);
  });

  it('any field changed, another key, or a damaged signature does not hold', () => {
    const signed = signCheckpoint(c, key);
    expect(checkpointSignatureHolds({ ...signed, seq: 41 }, publicKey)).toBe(false);
    expect(checkpointSignatureHolds({ ...signed, headHash: 'cd'.repeat(32) }, publicKey)).toBe(false);
    expect(checkpointSignatureHolds({ ...signed, at: '2026-11-23T10:05:00.124Z' }, publicKey)).toBe(false);
    expect(checkpointSignatureHolds({ ...signed, signature: `${signed.signature[0] === 'A' ? 'B' : 'A'}${signed.signature.slice(1)}` }, publicKey)).toBe(false);
    expect(checkpointSignatureHolds({ ...signed, signature: 'not base64!' }, publicKey)).toBe(false);
    expect(checkpointSignatureHolds(signed, other.publicKey)).toBe(false);
    // A forger signing with their own key and naming ours is caught by the key id.
    const forged = { ...signCheckpoint(c, other.privateKey), keyId: signed.keyId };
    expect(checkpointSignatureHolds(forged, publicKey)).toBe(false);
    expect(checkpointSignatureHolds(forged, other.publicKey)).toBe(false);
  });

  it('file names sort by sequence number, then time', () => {
    const names = [
      checkpointFileName({ ...c, seq: 100 }),
      checkpointFileName({ ...c, seq: 9 }),
      checkpointFileName({ ...c, seq: 100, at: '2026-11-23T09:00:00.000Z' }),
    ];
    expect(names[1]).toBe('000000000009-20261123T100500123Z.json');
    expect([...names].sort()).toEqual([names[1], names[2], names[0]]);
    for (const n of names) expect(n).toMatch(CHECKPOINT_FILE);
  });

  it('a file is read back as written, and anything else is not a checkpoint', () => {
    const signed = signCheckpoint(c, key);
    const text = checkpointFileText(signed);
    expect(parseCheckpointFile(text)).toEqual(signed);
    expect(parseCheckpointFile('{')).toBeNull();
    expect(parseCheckpointFile('null')).toBeNull();
    expect(parseCheckpointFile(text.replace('balise-audit-checkpoint/1', 'other/1'))).toBeNull();
    expect(parseCheckpointFile(text.replace('"seq": 42', '"seq": "42"'))).toBeNull();
    expect(parseCheckpointFile(text.replace(signed.keyId, 'xyz'))).toBeNull();
    expect(parseCheckpointFile(text.replace(c.headHash, 'zz'))).toBeNull();
  });
});
