import { pipeline, type Readable } from 'node:stream';
import { fileVariants, objectKey, type FileVariant } from '../../domain/files/file-naming.ts';
import type { FileKeyring } from './file-keyring.ts';
import type { FileStore } from './file-store.ts';
import { decryptingStream, encryptingStream } from './segmented-gcm.ts';

/** One part of a file to seal: its bytes as a stream (never held whole). */
export interface FilePart {
  variant: FileVariant;
  body: Readable;
}

/**
 * Files encrypted at rest (SEC-2): each file gets its own random key (kept by the keyring,
 * apart from the store), its parts are sealed with streaming AES-256-GCM before the store sees
 * them, and destroying a file destroys its key first. This is what the capabilities use; the
 * store and the keyring underneath can each be replaced (S3, a KMS) without touching them.
 */
export class FileVault {
  constructor(
    readonly store: FileStore,
    readonly keyring: FileKeyring,
  ) {}

  /**
   * Seals the parts of a new file, one after the other as they stream. On any failure (a
   * refused size, a full disk, a client gone) the file is shredded: nothing half-kept remains.
   */
  async seal(fileId: string, parts: readonly FilePart[]): Promise<{ storedBytes: number }> {
    // A part waiting its turn that fails (an aborted upload) is seen by its pipeline below; until then it must not crash the process.
    for (const part of parts) part.body.on('error', () => {});
    const key = await this.keyring.create(fileId);
    let storedBytes = 0;
    try {
      for (const part of parts) {
        // pipeline, not pipe: an error in the body (a size limit, an aborted upload) reaches the store, and the store's failure the body.
        const sealed = pipeline(part.body, encryptingStream(key, `${fileId}/${part.variant}`), () => {});
        storedBytes += (await this.store.put(objectKey(fileId, part.variant), sealed)).bytes;
      }
      return { storedBytes };
    } catch (err) {
      for (const part of parts) part.body.destroy();
      await this.shred(fileId);
      throw err;
    }
  }

  /**
   * A part's plaintext as a stream. The key is fetched first, so a destroyed file fails at once
   * (FileKeyMissingError); altered bytes end the stream with a FileTamperedError, and no byte of
   * a segment that fails its check is ever released.
   */
  async open(fileId: string, variant: FileVariant): Promise<Readable> {
    const key = await this.keyring.get(fileId);
    const sealed = await this.store.open(objectKey(fileId, variant));
    // The reader gets the decrypting end; an error on either side ends both, and so does the reader leaving early.
    return pipeline(sealed, decryptingStream(key, `${fileId}/${variant}`), () => {});
  }

  /** True while the file's key and this part's ciphertext are both there. */
  async exists(fileId: string, variant: FileVariant): Promise<boolean> {
    return (await this.keyring.has(fileId)) && (await this.store.exists(objectKey(fileId, variant)));
  }

  /**
   * Destroys a file: its key first — from that instant no copy of its ciphertext anywhere can be
   * read (crypto-shredding) — then the ciphertext of every part. Safe to repeat after a crash.
   */
  async shred(fileId: string): Promise<void> {
    await this.keyring.destroy(fileId);
    for (const variant of fileVariants) await this.store.destroy(objectKey(fileId, variant));
  }
}
