import fs from 'node:fs/promises';
import path from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  CHECKPOINT_FILE,
  checkpointFileName,
  checkpointFileText,
  checkpointSignatureHolds,
  keyIdOf,
  parseCheckpointFile,
  type SignedCheckpoint,
} from '../../domain/audit/checkpoint.ts';
import { readSecretFile } from '../secrets/key-file.ts';

/**
 * The files that keep the audit log honest against whoever controls the database (SEC-1): the
 * signing key (`BALISE_AUDIT_KEY_FILE`, readable by Balise alone) and an append-only directory
 * (`BALISE_AUDIT_CHECKPOINT_DIR`) of signed checkpoints, with the public half of each key that
 * signed them so that verifying needs no secret.
 */
export interface CheckpointPlaces {
  keyFile: string;
  checkpointDir: string;
}

const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException | null)?.code === code;

/**
 * The signing key. Missing: created (Ed25519, mode 0600) when `create`, else null — the command
 * line verifies without it. A key that others can read is refused: it would sign forgeries.
 */
export async function loadAuditKey(keyFile: string, create: boolean): Promise<KeyObject | null> {
  const createKey = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pem = await readSecretFile('BALISE_AUDIT_KEY_FILE', keyFile, create ? createKey : undefined);
  if (pem === null) return null;
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`BALISE_AUDIT_KEY_FILE: ${keyFile} is not a private key in PEM form`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`BALISE_AUDIT_KEY_FILE: ${keyFile} is not an Ed25519 key`);
  return key;
}

const publicKeyFile = (dir: string, keyId: string) => path.join(dir, `audit-key-${keyId}.pub.pem`);

/** Appends a checkpoint: a new file that never replaces another, written whole or not at all. */
export async function appendCheckpoint(dir: string, signed: SignedCheckpoint, key: KeyObject): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const publicPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  await writeOnce(publicKeyFile(dir, signed.keyId), publicPem);
  const name = checkpointFileName(signed);
  await writeOnce(path.join(dir, name), checkpointFileText(signed));
  return name;
}

/** Written to a temporary name, synced, then linked to its name (which fails if it exists), read-only. */
async function writeOnce(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}`);
  const handle = await fs.open(temporary, 'wx', 0o444);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(temporary, file);
  } catch (err) {
    if (!isCode(err, 'EEXIST')) throw err;
  } finally {
    await fs.unlink(temporary);
  }
}

/** Checkpoint file names, oldest first (names sort by sequence number, then time). */
async function checkpointFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((n) => CHECKPOINT_FILE.test(n)).sort();
  } catch (err) {
    if (isCode(err, 'ENOENT')) return [];
    throw err;
  }
}

/** Reads checkpoints, checking each signature against the public key it names (read once per key). */
class CheckpointReader {
  private readonly keys = new Map<string, KeyObject | null>();
  constructor(private readonly dir: string) {}

  async read(name: string): Promise<SignedCheckpoint | null> {
    const c = parseCheckpointFile(await fs.readFile(path.join(this.dir, name), 'utf8'));
    if (!c || checkpointFileName(c) !== name) return null;
    const key = await this.publicKey(c.keyId);
    return key && checkpointSignatureHolds(c, key) ? c : null;
  }

  private async publicKey(keyId: string): Promise<KeyObject | null> {
    if (!this.keys.has(keyId)) {
      let key: KeyObject | null = null;
      try {
        key = createPublicKey(await fs.readFile(publicKeyFile(this.dir, keyId), 'utf8'));
      } catch {
        key = null;
      }
      this.keys.set(keyId, key && key.asymmetricKeyType === 'ed25519' && keyIdOf(key) === keyId ? key : null);
    }
    return this.keys.get(keyId) ?? null;
  }
}

/** Every checkpoint: those whose signature holds, and the names of the files whose signature does not. */
export async function readCheckpoints(dir: string): Promise<{ valid: SignedCheckpoint[]; invalid: string[] }> {
  const reader = new CheckpointReader(dir);
  const valid: SignedCheckpoint[] = [];
  const invalid: string[] = [];
  for (const name of await checkpointFiles(dir)) {
    const c = await reader.read(name);
    if (c) valid.push(c);
    else invalid.push(name);
  }
  return { valid, invalid };
}

/** The latest checkpoint whose signature holds, or null. */
export async function latestCheckpoint(dir: string): Promise<SignedCheckpoint | null> {
  const reader = new CheckpointReader(dir);
  const names = await checkpointFiles(dir);
  for (let i = names.length - 1; i >= 0; i--) {
    const c = await reader.read(names[i]!);
    if (c) return c;
  }
  return null;
}
