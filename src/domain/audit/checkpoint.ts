import { createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A checkpoint seals the audit log as it stood at one moment: its last sequence number and that
 * entry's hash. Signed with a key the database never holds and kept in files outside it (like
 * CloudTrail's signed digest files or a transparency log's signed tree heads), it lets verify
 * notice what the hash chain alone cannot: the newest entries deleted and the head rewound, or
 * the whole chain recomputed after a change (the chain's hash has no key).
 */
export interface Checkpoint {
  seq: number;
  headHash: string;
  /** When it was signed (ISO 8601, UTC). */
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Which key signed it (`keyIdOf`), so a replaced key leaves earlier checkpoints verifiable. */
  keyId: string;
  /** Ed25519 signature of `checkpointPayload`, base64. */
  signature: string;
}

export const CHECKPOINT_FORMAT = 'balise-audit-checkpoint/1';

const HASH = /^[0-9a-f]{64}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function isCheckpoint(c: Checkpoint): boolean {
  return Number.isSafeInteger(c.seq) && c.seq >= 1 && HASH.test(c.headHash) && ISO_UTC.test(c.at) && !Number.isNaN(Date.parse(c.at));
}

/** The exact bytes signed: one field per line, in a fixed order, under a format name. */
export function checkpointPayload(c: Checkpoint): Buffer {
  if (!isCheckpoint(c)) throw new Error(`not a checkpoint: ${JSON.stringify(c)}`);
  return Buffer.from(`${CHECKPOINT_FORMAT}\nseq=${c.seq}\nhead=${c.headHash}\nat=${c.at}\n`, 'utf8');
}

/** A short, stable name for a public key: the start of the SHA-256 of its SPKI form. */
export function keyIdOf(publicKey: KeyObject): string {
  return hash('sha256', publicKey.export({ type: 'spki', format: 'der' }), 'hex').slice(0, 16);
}

export function signCheckpoint(c: Checkpoint, privateKey: KeyObject): SignedCheckpoint {
  const signature = sign(null, checkpointPayload(c), privateKey).toString('base64');
  return { seq: c.seq, headHash: c.headHash, at: c.at, keyId: keyIdOf(createPublicKey(privateKey)), signature };
}

/** True when `publicKey` is the key the checkpoint names and its signature covers these exact fields. */
export function checkpointSignatureHolds(c: SignedCheckpoint, publicKey: KeyObject): boolean {
  if (!isCheckpoint(c) || !BASE64.test(c.signature) || publicKey.asymmetricKeyType !== 'ed25519') return false;
  if (keyIdOf(publicKey) !== c.keyId) return false;
  return verify(null, checkpointPayload(c), publicKey, Buffer.from(c.signature, 'base64'));
}

/** File name of a checkpoint: sorts by sequence, then time, so the last name is the latest. */
export function checkpointFileName(c: Checkpoint): string {
  return `${String(c.seq).padStart(12, '0')}-${c.at.replace(/[-:.]/g, '')}.json`;
}

export const CHECKPOINT_FILE = /^\d{12}-\d{8}T\d{9}Z\.json$/;

export function checkpointFileText(c: SignedCheckpoint): string {
  return `${JSON.stringify({ format: CHECKPOINT_FORMAT, seq: c.seq, headHash: c.headHash, at: c.at, keyId: c.keyId, signature: c.signature }, null, 2)}\n`;
}

/** Reads a checkpoint file's text; null when it is not one (its signature is checked separately). */
export function parseCheckpointFile(text: string): SignedCheckpoint | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.format !== CHECKPOINT_FORMAT || typeof o.seq !== 'number' || typeof o.headHash !== 'string' || typeof o.at !== 'string') return null;
  if (typeof o.keyId !== 'string' || !KEY_ID.test(o.keyId) || typeof o.signature !== 'string') return null;
  const c = { seq: o.seq, headHash: o.headHash, at: o.at, keyId: o.keyId, signature: o.signature };
  return isCheckpoint(c) ? c : null;
}
