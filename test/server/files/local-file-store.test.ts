import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { objectKey } from '../../../src/domain/files/file-naming.ts';
import { FileNotFoundError } from '../../../src/server/files/file-store.ts';
import { LocalFileStore } from '../../../src/server/files/local-file-store.ts';

const key = objectKey('3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c', 'original');
let dir: string;
let store: LocalFileStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-store-'));
  store = new LocalFileStore(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every file under the store's folder, temporary ones included. */
const filesIn = (root: string): string[] =>
  fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));

describe('SEC-2 the local store keeps objects under the data directory, whole or not at all', () => {
  it('puts, tells it exists, streams it back, destroys it (twice is harmless)', async () => {
    const bytes = Buffer.from('ciphertext only');
    expect(await store.put(key, Readable.from([bytes]))).toEqual({ bytes: bytes.length });
    expect(await store.exists(key)).toBe(true);
    expect((await buffer(await store.open(key))).equals(bytes)).toBe(true);
    expect(fs.statSync(path.join(dir, ...key.split('/'))).mode & 0o777).toBe(0o600);
    await store.destroy(key);
    await store.destroy(key);
    expect(await store.exists(key)).toBe(false);
    await expect(store.open(key)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(filesIn(dir)).toEqual([]);
  });

  it('a body that fails mid-way leaves nothing, not even a temporary file', async () => {
    const failing = Readable.from((async function* () {
      yield Buffer.alloc(1000);
      throw new Error('the upload broke off');
    })());
    await expect(store.put(key, failing)).rejects.toThrow('the upload broke off');
    expect(await store.exists(key)).toBe(false);
    expect(filesIn(dir)).toEqual([]);
  });

  it('an object is never replaced', async () => {
    await store.put(key, Readable.from([Buffer.from('first')]));
    await expect(store.put(key, Readable.from([Buffer.from('second')]))).rejects.toThrow(/EEXIST/);
    expect((await buffer(await store.open(key))).toString()).toBe('first');
    expect(filesIn(dir)).toHaveLength(1);
  });

  it.each(['../outside', '3f/../../x', '/etc/passwd', '3F/ABC', '3f//x', ''])('%j is not a key and touches nothing', async (bad) => {
    await expect(store.put(bad, Readable.from([Buffer.from('x')]))).rejects.toThrow(/not a stored object key/);
    await expect(store.open(bad)).rejects.toThrow(/not a stored object key/);
    await expect(store.destroy(bad)).rejects.toThrow(/not a stored object key/);
  });
});
