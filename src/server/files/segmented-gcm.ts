import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Streaming AES-256-GCM for files at rest (SEC-2).
 *
 * One GCM operation over a whole file would release its plaintext before the tag at the very
 * end is checked, so a download would stream altered bytes before noticing. Instead the file is
 * cut into segments of 64 KiB, each sealed with its own tag and released only once its tag
 * holds — the "online" construction of Hoang, Reyhanitabar, Rogaway and Vizár (used by Tink's
 * streaming AEAD). Memory stays at about one segment whatever the file's size.
 *
 * Layout: `BFE1` · 7-byte random nonce prefix · segments, each ciphertext + 16-byte tag.
 * Segment n's nonce is prefix · n (4 bytes) · 1 on the last segment, else 0: a segment moved,
 * dropped, or a file cut at a segment boundary fails its tag. The additional data is the header
 * and the part's name (`<file id>/<variant>`): a segment of another file, or a thumbnail swapped
 * for the photo, fails too. Node's crypto does the cipher; only the framing is ours, since no
 * maintained npm package offers segmented AES-GCM on Node streams.
 */
const MAGIC = Buffer.from('BFE1');
const PREFIX_BYTES = 7;
const HEADER_BYTES = MAGIC.length + PREFIX_BYTES;
export const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;

/** A stored file whose bytes do not match what was sealed: altered, cut short, or not Balise's. */
export class FileTamperedError extends Error {
  constructor(what: string) {
    super(`stored file ${what} failed its integrity check (altered, truncated or not sealed by Balise)`);
    this.name = 'FileTamperedError';
  }
}

function nonce(prefix: Buffer, index: number, last: boolean): Buffer {
  if (index > 0xffff_ffff) throw new Error('file too large for its segment counter');
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, PREFIX_BYTES);
  n[11] = last ? 1 : 0;
  return n;
}

/** Bytes gathered until a whole segment is there; `take` cuts the first `n` bytes off. */
class Pending {
  private chunks: Buffer[] = [];
  length = 0;
  push(chunk: Buffer) {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }
}

/** Encrypts a plaintext stream into the layout above, under `key`, for the part named `part`. */
export function encryptingStream(key: KeyObject, part: string): Transform {
  const prefix = randomBytes(PREFIX_BYTES);
  const header = Buffer.concat([MAGIC, prefix]);
  const aad = Buffer.concat([header, Buffer.from(part, 'utf8')]);
  const pending = new Pending();
  let index = 0;
  const seal = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index++, last));
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  return new Transform({
    construct(callback) {
      this.push(header);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending.push(chunk);
      // Strictly more than a segment: the last segment is never empty unless the file is.
      while (pending.length > SEGMENT_BYTES) this.push(seal(pending.take(SEGMENT_BYTES), false));
      callback();
    },
    flush(callback: TransformCallback) {
      callback(null, seal(pending.take(pending.length), true));
    },
  });
}

/**
 * Decrypts what `encryptingStream` wrote. Each segment is released only after its tag holds;
 * any mismatch ends the stream with a FileTamperedError (nothing after it is released).
 */
export function decryptingStream(key: KeyObject, part: string): Transform {
  const pending = new Pending();
  let prefix: Buffer | null = null;
  let aad: Buffer;
  let index = 0;
  const open = (sealed: Buffer, last: boolean): Buffer => {
    if (sealed.length < TAG_BYTES) throw new FileTamperedError(part);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix!, index++, last));
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new FileTamperedError(part);
    }
  };
  const readHeader = (): boolean => {
    if (prefix) return true;
    if (pending.length < HEADER_BYTES) return false;
    const header = Buffer.from(pending.take(HEADER_BYTES));
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new FileTamperedError(part);
    prefix = header.subarray(MAGIC.length);
    aad = Buffer.concat([header, Buffer.from(part, 'utf8')]);
    return true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        pending.push(chunk);
        // Keep at least one whole segment back: only the end of the stream says which one is last.
        if (readHeader()) while (pending.length > SEGMENT_BYTES + TAG_BYTES) this.push(open(pending.take(SEGMENT_BYTES + TAG_BYTES), false));
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!readHeader()) throw new FileTamperedError(part);
        callback(null, open(pending.take(pending.length), true));
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
