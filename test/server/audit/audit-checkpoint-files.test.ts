import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendCheckpoint, latestCheckpoint, loadAuditKey, readCheckpoints } from '../../../src/server/audit/audit-checkpoint-files.ts';
import { keyIdOf, signCheckpoint, type SignedCheckpoint } from '../../../src/domain/audit/checkpoint.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-checkpoints-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const hashOf = (n: number) => n.toString(16).padStart(64, '0');
const at = (n: number) => new Date(Date.UTC(2026, 10, 23, 10, n)).toISOString();
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('SEC-1 B9 the audit signing key, kept outside the database', () => {
  it('is created on first start as an Ed25519 key readable by its owner only, then read back', async () => {
    const keyFile = path.join(dir, 'secret', 'audit.pem');
    const key = await loadAuditKey(keyFile, true);
    expect(key?.asymmetricKeyType).toBe('ed25519');
    expect(mode(keyFile)).toBe(0o600);
    const again = await loadAuditKey(keyFile, true);
    expect(keyIdOf(createPublicKey(again!))).toBe(keyIdOf(createPublicKey(key!)));
  });

  it('is never created by a reader that does not ask to (the command line)', async () => {
    const keyFile = path.join(dir, 'audit.pem');
    expect(await loadAuditKey(keyFile, false)).toBeNull();
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('is refused, naming the variable, when other users can read it or it is not an Ed25519 private key', async () => {
    const keyFile = path.join(dir, 'audit.pem');
    await loadAuditKey(keyFile, true);
    fs.chmodSync(keyFile, 0o640);
    await expect(loadAuditKey(keyFile, true)).rejects.toThrow(/BALISE_AUDIT_KEY_FILE: .* can be read by other users.*chmod 600/);
    const rsa = path.join(dir, 'rsa.pem');
    fs.writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    await expect(loadAuditKey(rsa, true)).rejects.toThrow(/BALISE_AUDIT_KEY_FILE: .* not an Ed25519 key/);
    const junk = path.join(dir, 'junk.pem');
    fs.writeFileSync(junk, 'not a key', { mode: 0o600 });
    await expect(loadAuditKey(junk, true)).rejects.toThrow(/BALISE_AUDIT_KEY_FILE: .* not a private key/);
  });
});

describe('SEC-1 B9 the append-only directory of signed checkpoints', () => {
  const key = generateKeyPairSync('ed25519').privateKey;
  const seal = (n: number): SignedCheckpoint => signCheckpoint({ seq: n, headHash: hashOf(n), at: at(n) }, key);

  it('keeps each checkpoint in a read-only file of its own, with the public key beside them', async () => {
    const name = await appendCheckpoint(dir, seal(7), key);
    expect(name).toBe('000000000007-20261123T100700000Z.json');
    expect(mode(path.join(dir, name))).toBe(0o444);
    const publicFile = path.join(dir, `audit-key-${keyIdOf(createPublicKey(key))}.pub.pem`);
    expect(createPublicKey(fs.readFileSync(publicFile, 'utf8')).equals(createPublicKey(key))).toBe(true);
    // No temporary file is left behind.
    expect(fs.readdirSync(dir).sort()).toEqual([name, path.basename(publicFile)]);
  });

  it('never replaces a checkpoint already written', async () => {
    const first = seal(7);
    const name = await appendCheckpoint(dir, first, key);
    const before = fs.readFileSync(path.join(dir, name), 'utf8');
    await appendCheckpoint(dir, { ...first, signature: seal(8).signature }, key);
    expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(before);
  });

  it('reads every checkpoint whose signature holds, names the others, and knows the latest', async () => {
    for (const n of [3, 12, 9]) await appendCheckpoint(dir, seal(n), key);
    expect(await readCheckpoints(dir)).toEqual({ valid: [seal(3), seal(9), seal(12)], invalid: [] });
    expect(await latestCheckpoint(dir)).toEqual(seal(12));
    // A forger with another key names ours: the file does not hold, and is not the latest.
    const other = generateKeyPairSync('ed25519').privateKey;
    const forged = { ...signCheckpoint({ seq: 20, headHash: hashOf(1), at: at(20) }, other), keyId: seal(3).keyId };
    fs.writeFileSync(path.join(dir, '000000000020-20261123T102000000Z.json'), JSON.stringify({ format: 'balise-audit-checkpoint/1', ...forged }));
    // A file renamed to look later than it is does not hold either.
    fs.copyFileSync(path.join(dir, '000000000009-20261123T100900000Z.json'), path.join(dir, '000000000030-20261123T100900000Z.json'));
    expect(await readCheckpoints(dir)).toEqual({
      valid: [seal(3), seal(9), seal(12)],
      invalid: ['000000000020-20261123T102000000Z.json', '000000000030-20261123T100900000Z.json'],
    });
    expect(await latestCheckpoint(dir)).toEqual(seal(12));
  });

  it('a missing public key leaves its checkpoints unverifiable, hence reported', async () => {
    await appendCheckpoint(dir, seal(3), key);
    fs.rmSync(path.join(dir, `audit-key-${seal(3).keyId}.pub.pem`));
    expect(await readCheckpoints(dir)).toEqual({ valid: [], invalid: ['000000000003-20261123T100300000Z.json'] });
  });

  it('no directory yet: no checkpoint', async () => {
    expect(await readCheckpoints(path.join(dir, 'none'))).toEqual({ valid: [], invalid: [] });
    expect(await latestCheckpoint(path.join(dir, 'none'))).toBeNull();
  });
});
