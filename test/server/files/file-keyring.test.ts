import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeyMissingError, LocalFileKeyring } from '../../../src/server/files/file-keyring.ts';
import { loadFileMasterKey } from '../../../src/server/files/master-key.ts';

const fileId = '3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c';
const otherId = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-keys-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('SEC-2 the master key lives in a file of its own, readable by Balise alone', () => {
  it('is created on first use (32 random bytes, mode 0600, its folder 0700) and read back the same afterwards', async () => {
    const file = path.join(dir, 'keys', 'files.key');
    const first = await loadFileMasterKey(file);
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const again = await loadFileMasterKey(file);
    expect(again.id).toBe(first.id);
    expect(again.key.equals(first.key)).toBe(true);
    expect(first.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a key file others can read is refused, naming the variable and the fix', async () => {
    const file = path.join(dir, 'files.key');
    await loadFileMasterKey(file);
    fs.chmodSync(file, 0o644);
    await expect(loadFileMasterKey(file)).rejects.toThrow(/BALISE_FILE_MASTER_KEY_FILE: .* can be read by other users; .*chmod 600/);
  });

  it('a file that is not a 32-byte base64 key is refused, without printing what it holds', async () => {
    const file = path.join(dir, 'files.key');
    for (const content of ['c2VjcmV0LXRvby1zaG9ydA==\n', 'not base64 at all!\n', `${Buffer.alloc(33, 1).toString('base64')}\n`]) {
      fs.writeFileSync(file, content, { mode: 0o600 });
      const error = await loadFileMasterKey(file).catch((e: Error) => e);
      expect(String(error)).toMatch(/BALISE_FILE_MASTER_KEY_FILE: .* is not a 32-byte key in base64/);
      expect(String(error)).not.toContain(content.trim());
    }
  });

  it('the key is held so that printing it shows no byte of it', async () => {
    const file = path.join(dir, 'files.key');
    const master = await loadFileMasterKey(file);
    const secret = fs.readFileSync(file, 'utf8').trim();
    const shown = `${JSON.stringify(master)} ${String(master.key)} ${(await import('node:util')).inspect(master, { depth: 5 })}`;
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(Buffer.from(secret, 'base64').toString('hex'));
  });
});

describe('SEC-2 each file has its own key, wrapped by the master key, outside the database', () => {
  async function keyring(masterFile = path.join(dir, 'files.key')) {
    return new LocalFileKeyring(path.join(dir, 'file-keys'), await loadFileMasterKey(masterFile));
  }

  it('a new key is kept wrapped (never in clear) in its own file and given back the same', async () => {
    const ring = await keyring();
    const key = await ring.create(fileId);
    const raw = key.export();
    const file = path.join(dir, 'file-keys', '3f', `${fileId}.key`);
    const wrapped = fs.readFileSync(file);
    expect(wrapped).toHaveLength(72);
    expect(wrapped.includes(raw)).toBe(false);
    expect(mode(file)).toBe(0o600);
    expect((await ring.get(fileId)).export().equals(raw)).toBe(true);
    expect(await ring.has(fileId)).toBe(true);
    // Two files never share a key.
    expect((await ring.create(otherId)).export().equals(raw)).toBe(false);
  });

  it('a file never gets a second key that would replace the first', async () => {
    const ring = await keyring();
    await ring.create(fileId);
    await expect(ring.create(fileId)).rejects.toThrow(/EEXIST/);
  });

  it('a key file copied onto another file\'s name does not open it', async () => {
    const ring = await keyring();
    await ring.create(fileId);
    const target = path.join(dir, 'file-keys', '7c', `${otherId}.key`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(dir, 'file-keys', '3f', `${fileId}.key`), target);
    await expect(ring.get(otherId)).rejects.toThrow(/failed its integrity check/);
  });

  it('under another master key, a clear error names the variable to check', async () => {
    await (await keyring()).create(fileId);
    const other = await keyring(path.join(dir, 'another.key'));
    await expect(other.get(fileId)).rejects.toThrow(/wrapped by another master key .*BALISE_FILE_MASTER_KEY_FILE/);
  });

  it('destroying a key removes it for good; asking for it then says the file was destroyed; destroying again is harmless', async () => {
    const ring = await keyring();
    await ring.create(fileId);
    await ring.destroy(fileId);
    expect(fs.existsSync(path.join(dir, 'file-keys', '3f', `${fileId}.key`))).toBe(false);
    expect(await ring.has(fileId)).toBe(false);
    await expect(ring.get(fileId)).rejects.toBeInstanceOf(FileKeyMissingError);
    await expect(ring.destroy(fileId)).resolves.toBeUndefined();
  });

  it('an id that is not a file id never becomes a path', async () => {
    const ring = await keyring();
    await expect(ring.get('../../files')).rejects.toThrow(/not a file id/);
  });
});
