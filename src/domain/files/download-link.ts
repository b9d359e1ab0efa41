import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { isFileId, isFileVariant, type FileVariant } from './file-naming.ts';

/**
 * Short-lived download links (SEC-2, COMM-4). A link names one part of one file, is good for
 * one viewer only and for a few minutes: a link copied into a message or left in a browser
 * history stops working soon, and one handed to someone else does not work for them. The
 * server still checks, when the link is used, that the file exists and that the viewer may
 * see it now: a link proves only that the server handed it out.
 */
export interface DownloadClaims {
  fileId: string;
  variant: FileVariant;
  /** The person the link was handed to; not written in the link, only signed. */
  viewerId: string;
  /** Unix time, in seconds, after which the link no longer works. */
  expiresAt: number;
}

export type DownloadLinkCheck =
  | { ok: true; fileId: string; variant: FileVariant; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

const VERSION = 'v1';
/** A MAC over this context cannot be replayed as another of Balise's signatures. */
const CONTEXT = 'balise/file-download-link/v1';

function mac(key: KeyObject | Uint8Array, c: DownloadClaims): string {
  return createHmac('sha256', key)
    .update([CONTEXT, c.fileId, c.variant, c.viewerId, String(c.expiresAt)].join('\n'))
    .digest('base64url');
}

/** The link's expiry: `minutes` from `now`, in whole seconds. */
export function linkExpiry(now: Date, minutes: number): number {
  return Math.floor(now.getTime() / 1000) + minutes * 60;
}

/** The token of a link: `v1.<file id>.<variant>.<expiry>.<HMAC-SHA-256>`, safe in a URL path. */
export function signDownloadLink(key: KeyObject | Uint8Array, claims: DownloadClaims): string {
  return [VERSION, claims.fileId, claims.variant, claims.expiresAt, mac(key, claims)].join('.');
}

/**
 * Checks a token for the person presenting it. Another viewer's link, an altered one and a
 * link signed with another key are all `forged`: the answer says nothing about why.
 */
export function verifyDownloadLink(key: KeyObject | Uint8Array, token: string, viewerId: string, now: Date): DownloadLinkCheck {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const [, fileId, variant, expiry, given] = parts as [string, string, string, string, string];
  if (!isFileId(fileId) || !isFileVariant(variant) || !/^\d{1,12}$/.test(expiry)) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(expiry);
  const expected = Buffer.from(mac(key, { fileId, variant, viewerId, expiresAt }));
  const presented = Buffer.from(given);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return { ok: false, reason: 'forged' };
  if (now.getTime() >= expiresAt * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, fileId, variant, expiresAt };
}
