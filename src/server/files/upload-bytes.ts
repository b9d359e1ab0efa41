import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Reading an upload as it arrives: its first bytes to tell its type, then the rest, counted and
 * hashed on the way, stopped the moment it passes its limit (a 5 GB "photo" is refused after
 * 25 MB, not after 5 GB). Nothing here holds more than the first bytes, except `readWhole`,
 * for photos, which the image library must have whole — and which are small.
 */
export type Chunks = AsyncIterator<Uint8Array>;

/** Reads until at least `bytes` are in (or the upload ends). */
export async function readHead(chunks: Chunks, bytes: number): Promise<{ head: Buffer; ended: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(parts, length), ended: true };
    parts.push(Buffer.from(next.value));
    length += next.value.length;
  }
  return { head: Buffer.concat(parts, length), ended: false };
}

/** The upload again from its start: the head already read, then what is still to come. */
export async function* fromHead(head: Buffer, chunks: Chunks, ended: boolean): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (ended) return;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield Buffer.from(next.value);
}

/** The whole upload in memory, or `tooLarge()` thrown as soon as it passes `max` bytes. */
export async function readWhole(head: Buffer, chunks: Chunks, ended: boolean, max: number, tooLarge: () => Error): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of fromHead(head, chunks, ended)) {
    length += chunk.length;
    if (length > max) throw tooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts, length);
}

/** Passes bytes through, counting and hashing them; fails with `tooLarge()` past `max` bytes. */
export class MeasuredBytes extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly max: number,
    private readonly tooLarge: () => Error,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) return callback(this.tooLarge());
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** The SHA-256 of everything passed through, in hex; call once the stream has ended. */
  sha256(): string {
    return this.hash.digest('hex');
  }
}
