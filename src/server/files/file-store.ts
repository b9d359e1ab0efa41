import type { Readable } from 'node:stream';

/**
 * Where stored files' bytes live (SEC-2). Balise hands it ciphertext only: a store — the local
 * folder by default, an S3-compatible bucket later (put = PutObject/multipart upload, open =
 * GetObject, destroy = DeleteObject, exists = HeadObject) — never sees a photo or a document.
 * Keys are `objectKey(fileId, variant)` (domain/files/file-naming.ts).
 */
export interface FileStore {
  /** Writes an object from a stream, whole or not at all; an existing object is never replaced. */
  put(key: string, body: Readable): Promise<{ bytes: number }>;
  /** Streams an object; FileNotFoundError if there is none. */
  open(key: string): Promise<Readable>;
  /** Removes an object; nothing happens if it is already gone. */
  destroy(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** The store has no object under this key. */
export class FileNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no stored object ${key}`);
    this.name = 'FileNotFoundError';
  }
}
