import fs from 'node:fs/promises';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { isFileId } from '../../domain/files/file-naming.ts';
import { deriveKey, type FileMasterKey } from './master-key.ts';

/**
 * Where each file's own data key is kept (SEC-2): wrapped by the master key, outside the
 * database and apart from the ciphertexts, so that destroying a file's key destroys the file
 * (crypto-shredding) even where its ciphertext lingers — in a backup, or an object store's
 * versioning. A KMS could implement this interface later.
 */
export interface FileKeyring {
  /** Creates and keeps a new random key for the file; refuses if the file already has one. */
  create(fileId: string): Promise<KeyObject>;
  /** The file's key; FileKeyMissingError once it is destroyed. */
  get(fileId: string): Promise<KeyObject>;
  has(fileId: string): Promise<boolean>;
  /** Destroys the file's key for good; nothing happens if it is already gone. */
  destroy(fileId: string): Promise<void>;
}

/** The file's key is gone: the file was destroyed (or its key lost), and nothing can read it. */
export class FileKeyMissingError extends Error {
  constructor(readonly fileId: string) {
    super(`file ${fileId} has no key (destroyed)`);
    this.name = 'FileKeyMissingError';
  }
}

const MAGIC = Buffer.from('BFK1');
const ID_BYTES = 8;
const IV_BYTES = 12;
const DATA_KEY_BYTES = 32;
const TAG_BYTES = 16;
const WRAPPED_BYTES = MAGIC.length + ID_BYTES + IV_BYTES + DATA_KEY_BYTES + TAG_BYTES;
const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException | null)?.code === code;

/**
 * Data keys in a folder of their own (`BALISE_FILE_KEYS_DIR`), one small file per stored file:
 * `BFK1` · master key id (8 bytes) · IV · AES-256-GCM(data key) · tag, with the file id as
 * additional data so a key file copied onto another file's name does not open it.
 */
export class LocalFileKeyring implements FileKeyring {
  private readonly wrappingKey: KeyObject;
  private readonly masterId: Buffer;

  constructor(
    private readonly dir: string,
    master: FileMasterKey,
  ) {
    this.wrappingKey = deriveKey(master, 'file-key-wrapping/v1');
    this.masterId = Buffer.from(master.id, 'hex').subarray(0, ID_BYTES);
  }

  private fileOf(fileId: string): string {
    if (!isFileId(fileId)) throw new Error('not a file id');
    return path.join(this.dir, fileId.slice(0, 2), `${fileId}.key`);
  }

  async create(fileId: string): Promise<KeyObject> {
    const raw = randomBytes(DATA_KEY_BYTES);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.wrappingKey, iv);
    cipher.setAAD(Buffer.from(fileId));
    const wrapped = Buffer.concat([MAGIC, this.masterId, iv, cipher.update(raw), cipher.final(), cipher.getAuthTag()]);
    const file = this.fileOf(fileId);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx': a file never gets a second key that would replace (and orphan) the first.
    const handle = await fs.open(file, 'wx', 0o600);
    try {
      await handle.writeFile(wrapped);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const key = createSecretKey(raw);
    raw.fill(0);
    return key;
  }

  async get(fileId: string): Promise<KeyObject> {
    let wrapped: Buffer;
    try {
      wrapped = await fs.readFile(this.fileOf(fileId));
    } catch (err) {
      if (isCode(err, 'ENOENT')) throw new FileKeyMissingError(fileId);
      throw err;
    }
    return this.unwrap(fileId, wrapped);
  }

  private unwrap(fileId: string, wrapped: Buffer): KeyObject {
    if (wrapped.length !== WRAPPED_BYTES || !wrapped.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new Error(`the key of file ${fileId} is damaged`);
    }
    let at = MAGIC.length;
    const masterId = wrapped.subarray(at, (at += ID_BYTES));
    if (!masterId.equals(this.masterId)) {
      throw new Error(`the key of file ${fileId} was wrapped by another master key (${masterId.toString('hex')}); check BALISE_FILE_MASTER_KEY_FILE`);
    }
    const iv = wrapped.subarray(at, (at += IV_BYTES));
    const sealed = wrapped.subarray(at, (at += DATA_KEY_BYTES));
    const decipher = createDecipheriv('aes-256-gcm', this.wrappingKey, iv);
    decipher.setAAD(Buffer.from(fileId));
    decipher.setAuthTag(wrapped.subarray(at));
    let raw: Buffer;
    try {
      raw = Buffer.concat([decipher.update(sealed), decipher.final()]);
    } catch {
      throw new Error(`the key of file ${fileId} failed its integrity check`);
    }
    const key = createSecretKey(raw);
    raw.fill(0);
    return key;
  }

  async has(fileId: string): Promise<boolean> {
    return fs.access(this.fileOf(fileId)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Overwrites the wrapped key before unlinking it: on a file system that writes in place the
   * old bytes are gone, not just unnamed. (On copy-on-write or flash storage the overwrite may
   * land elsewhere; the key is still unusable without the master key, and gone from the folder.)
   */
  async destroy(fileId: string): Promise<void> {
    const file = this.fileOf(fileId);
    try {
      const handle = await fs.open(file, 'r+');
      try {
        await handle.write(randomBytes(WRAPPED_BYTES), 0, WRAPPED_BYTES, 0);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.unlink(file);
    } catch (err) {
      if (!isCode(err, 'ENOENT')) throw err;
    }
  }
}
