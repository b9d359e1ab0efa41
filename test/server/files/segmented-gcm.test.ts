import { createSecretKey, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { decryptingStream, encryptingStream, FileTamperedError, SEGMENT_BYTES } from '../../../src/server/files/segmented-gcm.ts';

const key = createSecretKey(randomBytes(32));
const part = '3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c/original';
const HEADER = 11;
const SEALED_SEGMENT = SEGMENT_BYTES + 16;

/** Streams `bytes` in chunks of `chunk` bytes, as a network would deliver them. */
function chunked(bytes: Buffer, chunk: number): Readable {
  return Readable.from((function* () {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  })());
}

const seal = (plain: Buffer, chunk = 10_000, name = part) => buffer(chunked(plain, chunk).pipe(encryptingStream(key, name)));

/** What a reader gets before the stream fails, and how it fails. */
async function open(sealed: Buffer, name = part, withKey = key, chunk = 7_000): Promise<{ released: Buffer; error: unknown }> {
  const released: Buffer[] = [];
  try {
    for await (const c of chunked(sealed, chunk).pipe(decryptingStream(withKey, name))) released.push(c as Buffer);
    return { released: Buffer.concat(released), error: null };
  } catch (error) {
    return { released: Buffer.concat(released), error };
  }
}

describe('SEC-2 files are sealed with streaming AES-256-GCM, segment by segment', () => {
  it.each([0, 1, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES + 7])('a file of %i bytes opens to exactly what was sealed', async (size) => {
    const plain = randomBytes(size);
    for (const chunk of [1_000, 65_536, 200_000]) {
      const sealed = await seal(plain, chunk);
      const segments = Math.max(1, Math.ceil(size / SEGMENT_BYTES));
      expect(sealed.length).toBe(HEADER + size + 16 * segments);
      const { released, error } = await open(sealed);
      expect(error).toBeNull();
      expect(released.equals(plain)).toBe(true);
    }
  });

  it('the sealed bytes show nothing of the plaintext, and the same file sealed twice differs', async () => {
    const plain = Buffer.from('Léa Lavoie, 5e année, classe de Mme Gagnon. '.repeat(3000));
    const first = await seal(plain);
    expect(first.includes(Buffer.from('Lavoie'))).toBe(false);
    expect(first.subarray(0, 4).toString()).toBe('BFE1');
    expect((await seal(plain)).equals(first)).toBe(false);
  });

  it('each segment is released as soon as it is checked: a large file is never held whole', async () => {
    let fed = 0;
    const total = 40;
    const source = Readable.from((async function* () {
      for (; fed < total; fed++) yield randomBytes(SEGMENT_BYTES);
    })());
    let fedWhenFirstOut = -1;
    const reader = source.pipe(encryptingStream(key, part)).pipe(decryptingStream(key, part));
    let out = 0;
    for await (const c of reader) {
      if (fedWhenFirstOut < 0) fedWhenFirstOut = fed;
      out += (c as Buffer).length;
    }
    expect(out).toBe(total * SEGMENT_BYTES);
    expect(fedWhenFirstOut).toBeLessThan(total / 2);
  });
});

describe('SEC-2 a changed ciphertext fails to open with a clear error', () => {
  const plain = randomBytes(3 * SEGMENT_BYTES + 500);
  const flip = (sealed: Buffer, at: number) => {
    const copy = Buffer.from(sealed);
    copy[at]! ^= 0x01;
    return copy;
  };

  it.each([
    ['the magic', 0],
    ['the nonce prefix', 6],
    ['the first segment', HEADER + 10],
    ['the first segment\'s tag', HEADER + SEALED_SEGMENT - 1],
    ['the third segment', HEADER + 2 * SEALED_SEGMENT + 100],
    ['the last segment', HEADER + 3 * SEALED_SEGMENT + 3],
  ])('one bit changed in %s', async (_, at) => {
    const sealed = await seal(plain);
    const { released, error } = await open(flip(sealed, at));
    expect(error).toBeInstanceOf(FileTamperedError);
    expect((error as Error).message).toMatch(/failed its integrity check/);
    // Only the segments before the altered one were released, and they are the true plaintext.
    const intact = Math.max(0, Math.floor((at - HEADER) / SEALED_SEGMENT));
    expect(released.length).toBe(at < HEADER ? 0 : intact * SEGMENT_BYTES);
    expect(released.equals(plain.subarray(0, released.length))).toBe(true);
  });

  it('a file cut short — at a segment boundary, inside a segment, inside the header — or lengthened fails', async () => {
    const sealed = await seal(plain);
    for (const cut of [HEADER + SEALED_SEGMENT, HEADER + 2 * SEALED_SEGMENT, sealed.length - 1, HEADER + 5, 6, 0]) {
      expect((await open(sealed.subarray(0, cut))).error).toBeInstanceOf(FileTamperedError);
    }
    expect((await open(Buffer.concat([sealed, Buffer.from([0])]))).error).toBeInstanceOf(FileTamperedError);
  });

  it('segments swapped, a segment from another file, another part\'s name or another key fail', async () => {
    const sealed = await seal(plain);
    const s1 = sealed.subarray(HEADER, HEADER + SEALED_SEGMENT);
    const s2 = sealed.subarray(HEADER + SEALED_SEGMENT, HEADER + 2 * SEALED_SEGMENT);
    const swapped = Buffer.concat([sealed.subarray(0, HEADER), s2, s1, sealed.subarray(HEADER + 2 * SEALED_SEGMENT)]);
    expect((await open(swapped)).error).toBeInstanceOf(FileTamperedError);
    const other = await seal(randomBytes(plain.length));
    const mixed = Buffer.concat([sealed.subarray(0, HEADER + SEALED_SEGMENT), other.subarray(HEADER + SEALED_SEGMENT)]);
    expect((await open(mixed)).error).toBeInstanceOf(FileTamperedError);
    expect((await open(sealed, part.replace('original', 'thumbnail'))).error).toBeInstanceOf(FileTamperedError);
    expect((await open(sealed, part, createSecretKey(randomBytes(32)))).error).toBeInstanceOf(FileTamperedError);
  });
});
