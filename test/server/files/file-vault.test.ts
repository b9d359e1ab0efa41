import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeyMissingError, LocalFileKeyring, type FileKeyring } from '../../../src/server/files/file-keyring.ts';
import type { FileStore } from '../../../src/server/files/file-store.ts';
import { FileVault } from '../../../src/server/files/file-vault.ts';
import { LocalFileStore } from '../../../src/server/files/local-file-store.ts';
import { loadFileMasterKey } from '../../../src/server/files/master-key.ts';
import { FileTamperedError, SEGMENT_BYTES } from '../../../src/server/files/segmented-gcm.ts';

const fileId = '3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c';
const otherId = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
let dir: string;
let vault: FileVault;
let keyring: FileKeyring;
let store: FileStore;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-vault-'));
  keyring = new LocalFileKeyring(path.join(dir, 'keys', 'files'), await loadFileMasterKey(path.join(dir, 'keys', 'files.key')));
  store = new LocalFileStore(path.join(dir, 'files'));
  vault = new FileVault(store, keyring);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const stored = (id: string, variant: string) => path.join(dir, 'files', id.slice(0, 2), id, variant);
const filesIn = (root: string): string[] =>
  fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];

describe('SEC-2 files are encrypted at rest, each under its own key, kept apart from the ciphertexts', () => {
  it('a photo and its thumbnail are sealed and open to what was sent; the store holds ciphertext only', async () => {
    const photo = Buffer.from('photo de la sortie au musée — Léa, Noah '.repeat(5000));
    const thumbnail = Buffer.from('vignette');
    await vault.seal(fileId, [
      { variant: 'original', body: Readable.from([photo]) },
      { variant: 'thumbnail', body: Readable.from([thumbnail]) },
    ]);
    expect((await buffer(await vault.open(fileId, 'original'))).equals(photo)).toBe(true);
    expect((await buffer(await vault.open(fileId, 'thumbnail'))).equals(thumbnail)).toBe(true);
    const onDisk = fs.readFileSync(stored(fileId, 'original'));
    expect(onDisk.includes(Buffer.from('musée'))).toBe(false);
    expect(await vault.exists(fileId, 'original')).toBe(true);
    // The key is not beside the ciphertexts.
    expect(filesIn(path.join(dir, 'files')).some((n) => n.endsWith('.key'))).toBe(false);
    expect(filesIn(path.join(dir, 'keys', 'files'))).toEqual([`${fileId}.key`]);
  });

  it('a recording streams through without being held whole: the store receives bytes long before the last are sent', async () => {
    let sent = 0;
    const total = 64; // 4 MiB in segments
    let sentWhenStoreGotBytes = -1;
    const watchingStore: FileStore = {
      ...store,
      put: async (key, body) => {
        const tap = new Transform({
          transform(chunk, _encoding, callback) {
            if (sentWhenStoreGotBytes < 0) sentWhenStoreGotBytes = sent;
            callback(null, chunk);
          },
        });
        return store.put(key, body.pipe(tap));
      },
      open: (k) => store.open(k),
      exists: (k) => store.exists(k),
      destroy: (k) => store.destroy(k),
    };
    const source = Readable.from((async function* () {
      for (; sent < total; sent++) yield randomBytes(SEGMENT_BYTES);
    })());
    await new FileVault(watchingStore, keyring).seal(fileId, [{ variant: 'original', body: source }]);
    expect(sentWhenStoreGotBytes).toBeGreaterThanOrEqual(0);
    expect(sentWhenStoreGotBytes).toBeLessThan(total / 4);
    let received = 0;
    for await (const chunk of await vault.open(fileId, 'original')) received += (chunk as Buffer).length;
    expect(received).toBe(total * SEGMENT_BYTES);
  });

  it('a stored file changed on disk fails to open with a FileTamperedError', async () => {
    await vault.seal(fileId, [{ variant: 'original', body: Readable.from([randomBytes(200_000)]) }]);
    const file = stored(fileId, 'original');
    const bytes = fs.readFileSync(file);
    bytes[150_000]! ^= 0x80;
    fs.chmodSync(file, 0o600);
    fs.writeFileSync(file, bytes);
    await expect(buffer(await vault.open(fileId, 'original'))).rejects.toBeInstanceOf(FileTamperedError);
  });

  it('one file\'s ciphertext put in place of another\'s does not open, even with both keys present', async () => {
    await vault.seal(fileId, [{ variant: 'original', body: Readable.from([Buffer.from('A'.repeat(1000))]) }]);
    await vault.seal(otherId, [{ variant: 'original', body: Readable.from([Buffer.from('B'.repeat(1000))]) }]);
    fs.rmSync(stored(otherId, 'original'));
    fs.copyFileSync(stored(fileId, 'original'), stored(otherId, 'original'));
    await expect(buffer(await vault.open(otherId, 'original'))).rejects.toBeInstanceOf(FileTamperedError);
  });

  it('destroying a file destroys its key first (crypto-shredding), then every part\'s ciphertext', async () => {
    await vault.seal(fileId, [
      { variant: 'original', body: Readable.from([Buffer.from('photo')]) },
      { variant: 'thumbnail', body: Readable.from([Buffer.from('vignette')]) },
    ]);
    const order: string[] = [];
    const watching = new FileVault(
      { ...store, destroy: async (k) => (order.push(`bytes ${k.split('/').pop()}`), store.destroy(k)), put: store.put.bind(store), open: store.open.bind(store), exists: store.exists.bind(store) },
      { ...keyring, destroy: async (id) => (order.push('key'), keyring.destroy(id)), create: keyring.create.bind(keyring), get: keyring.get.bind(keyring), has: keyring.has.bind(keyring) },
    );
    await watching.shred(fileId);
    expect(order).toEqual(['key', 'bytes original', 'bytes thumbnail']);
    await expect(vault.open(fileId, 'original')).rejects.toBeInstanceOf(FileKeyMissingError);
    expect(await vault.exists(fileId, 'thumbnail')).toBe(false);
    expect(filesIn(dir).filter((n) => !n.endsWith('files.key'))).toEqual([]);
  });

  it('a copy of the ciphertext kept elsewhere (a backup) is unreadable once the key is destroyed', async () => {
    await vault.seal(fileId, [{ variant: 'original', body: Readable.from([Buffer.from('photo de classe')]) }]);
    const backup = fs.readFileSync(stored(fileId, 'original'));
    await vault.shred(fileId);
    fs.mkdirSync(path.dirname(stored(fileId, 'original')), { recursive: true });
    fs.writeFileSync(stored(fileId, 'original'), backup);
    await expect(vault.open(fileId, 'original')).rejects.toBeInstanceOf(FileKeyMissingError);
  });

  it('a part that fails while being sealed leaves nothing of the file: no key, no part', async () => {
    const broken = Readable.from((async function* () {
      yield randomBytes(3 * SEGMENT_BYTES);
      throw new Error('the connection was lost');
    })());
    await expect(
      vault.seal(fileId, [
        { variant: 'original', body: Readable.from([Buffer.from('photo')]) },
        { variant: 'thumbnail', body: broken },
      ]),
    ).rejects.toThrow('the connection was lost');
    expect(await keyring.has(fileId)).toBe(false);
    expect(filesIn(path.join(dir, 'files'))).toEqual([]);
  });
});
