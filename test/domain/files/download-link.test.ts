import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { linkExpiry, signDownloadLink, verifyDownloadLink } from '../../../src/domain/files/download-link.ts';

const key = randomBytes(32);
const fileId = '3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c';
const viewer = 'person-sophie';
const now = new Date('2026-09-14T14:00:00.000Z');
const expiresAt = linkExpiry(now, 5);
const token = signDownloadLink(key, { fileId, variant: 'original', viewerId: viewer, expiresAt });

describe('SEC-2 a download link is signed, short-lived and for one viewer', () => {
  it('works for its viewer until it expires, five minutes later', () => {
    expect(expiresAt).toBe(Date.parse('2026-09-14T14:05:00.000Z') / 1000);
    expect(verifyDownloadLink(key, token, viewer, now)).toEqual({ ok: true, fileId, variant: 'original', expiresAt });
    expect(verifyDownloadLink(key, token, viewer, new Date('2026-09-14T14:04:59.999Z')).ok).toBe(true);
  });

  it('stops working at its expiry', () => {
    expect(verifyDownloadLink(key, token, viewer, new Date('2026-09-14T14:05:00.000Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('does not work for another viewer, nor with another server\'s key', () => {
    expect(verifyDownloadLink(key, token, 'person-other-guardian', now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyDownloadLink(randomBytes(32), token, viewer, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('names no viewer: the person it was handed to is signed, not written', () => {
    expect(token).not.toContain(viewer);
    expect(token.split('.')).toHaveLength(5);
  });

  it('any change is refused: a later expiry, another file, the photo instead of its thumbnail, the signature', () => {
    const [v, id, variant, expiry, mac] = token.split('.') as [string, string, string, string, string];
    const tampered = [
      [v, id, variant, String(Number(expiry) + 3600), mac],
      [v, '00000000-0000-4000-8000-000000000000', variant, expiry, mac],
      [v, id, 'thumbnail', expiry, mac],
      [v, id, variant, expiry, `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'AB' : 'AA'}`],
      [v, id, variant, expiry, mac.slice(1)],
    ];
    for (const parts of tampered) expect(verifyDownloadLink(key, parts.join('.'), viewer, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it.each(['', 'v1', 'v2.' + token.slice(3), `${token}.x`, token.replace(fileId, '../../x'), token.replace('original', 'all'), token.replace(/\.\d+\./, '.soon.')])(
    '%j is malformed',
    (bad) => {
      expect(verifyDownloadLink(key, bad, viewer, now)).toEqual({ ok: false, reason: 'malformed' });
    },
  );
});
