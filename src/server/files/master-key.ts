import { createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { readSecretFile } from '../secrets/key-file.ts';

/**
 * The files' master key (SEC-2): 32 random bytes in a file of its own
 * (`BALISE_FILE_MASTER_KEY_FILE`), never in the database. It wraps each file's own key and
 * signs download links; whoever holds the database alone, or the stored files alone, reads
 * nothing. Held as a KeyObject so that no log or error can print its bytes.
 */
export interface FileMasterKey {
  key: KeyObject;
  /** A fingerprint (not the key): written beside each wrapped key to say which master key wrapped it. */
  id: string;
}

const KEY_BYTES = 32;

/**
 * Reads the master key, creating it (mode 0600, its folder 0700) the first time. A key file
 * other users can read is refused rather than used: it would open every file. Losing this file
 * loses every stored file, so it must be backed up — apart from the files it protects.
 */
export async function loadFileMasterKey(keyFile: string): Promise<FileMasterKey> {
  const createKey = () => `${randomBytes(KEY_BYTES).toString('base64')}\n`;
  const text = (await readSecretFile('BALISE_FILE_MASTER_KEY_FILE', keyFile, createKey)).trim();
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== KEY_BYTES || bytes.toString('base64') !== text) {
    throw new Error(`BALISE_FILE_MASTER_KEY_FILE: ${keyFile} is not a 32-byte key in base64`);
  }
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return { key, id: createHmac('sha256', key).update('balise/file-master-key-id').digest('hex').slice(0, 16) };
}

/**
 * A key for one purpose derived from the master key (HKDF-SHA-256), so that one secret file
 * serves several uses without any two sharing a key: a download-link signature can never be
 * mistaken for a wrapped file key.
 */
export function deriveKey(master: FileMasterKey, purpose: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', master.key, Buffer.alloc(0), `balise/${purpose}`, 32)));
}
