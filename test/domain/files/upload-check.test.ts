import { describe, expect, it } from 'vitest';
import { acceptedTypes, fileKinds, kindOfType, maxUploadBytes, unreadablePictureTypes, type FileKind } from '../../../src/domain/files/file-kinds.ts';
import { checkUploadType, servedTypes, tooLargeRefusal } from '../../../src/domain/files/upload-check.ts';

const MiB = 1024 * 1024;
const every: FileKind[] = [...fileKinds];
/** Every set of kinds a place could take. */
const allowedSets: FileKind[][] = [[], ['photo'], ['document'], ['recording'], ['photo', 'document'], ['photo', 'recording'], ['document', 'recording'], every];

describe('SEC-2 issue 17 an upload is kept as what its bytes are, where that kind is taken', () => {
  it('each accepted type belongs to exactly one kind', () => {
    const all = Object.values(acceptedTypes).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const kind of fileKinds) for (const mime of acceptedTypes[kind]) expect(kindOfType(mime)).toBe(kind);
    expect([...servedTypes].sort()).toEqual([...all].sort());
  });

  it.each(allowedSets.map((allowed) => [allowed.join('+') || 'nothing', allowed] as const))(
    'taking %s: every accepted type is kept as its kind if taken, else refused as not allowed',
    (_, allowed) => {
      for (const kind of fileKinds) {
        for (const mime of acceptedTypes[kind]) {
          const decision = checkUploadType({ mime, ext: 'x' }, allowed, 100);
          if (allowed.includes(kind)) expect(decision).toEqual({ ok: true, kind, mime, ext: 'x' });
          else expect(decision).toEqual({ ok: false, refusal: { code: 'file.type_not_allowed', allowed } });
        }
      }
    },
  );

  it('a HEIC, HEIF or AVIF picture (and the other pictures that cannot be re-encoded) gets the unreadable-format refusal where photos are taken', () => {
    for (const mime of ['image/heic', 'image/heif', 'image/avif', ...unreadablePictureTypes]) {
      expect(checkUploadType({ mime, ext: 'heic' }, ['photo', 'document'], 100)).toEqual({
        ok: false, refusal: { code: 'file.unreadable_format', format: 'HEIC' },
      });
      // Where photos are not taken at all, it is simply not allowed.
      expect(checkUploadType({ mime, ext: 'heic' }, ['recording'], 100)).toMatchObject({ ok: false, refusal: { code: 'file.type_not_allowed' } });
    }
  });

  it('an unknown type (plain text, a program, a zip, nothing recognised) is refused, never guessed', () => {
    for (const sniffed of [undefined, { mime: 'application/x-msdownload', ext: 'exe' }, { mime: 'application/zip', ext: 'zip' }, { mime: 'text/calendar', ext: 'ics' }]) {
      expect(checkUploadType(sniffed, every, 100)).toEqual({ ok: false, refusal: { code: 'file.type_not_allowed', allowed: every } });
    }
  });

  it('an empty upload is refused as empty, whatever was claimed', () => {
    expect(checkUploadType(undefined, every, 0)).toEqual({ ok: false, refusal: { code: 'file.empty' } });
    expect(checkUploadType({ mime: 'image/jpeg', ext: 'jpg' }, every, 0)).toEqual({ ok: false, refusal: { code: 'file.empty' } });
  });
});

describe('SEC-2 issue 17 size limits per kind are data', () => {
  it('photos and documents up to 25 MB, recordings up to 4 GB (two hours of a meeting)', () => {
    expect(maxUploadBytes).toEqual({ photo: 25 * MiB, document: 25 * MiB, recording: 4096 * MiB });
  });
  it('the refusal names the limit in megabytes, for the kind or a tighter limit', () => {
    expect(tooLargeRefusal('photo')).toEqual({ code: 'file.too_large', kind: 'photo', maxMegabytes: 25 });
    expect(tooLargeRefusal('recording')).toEqual({ code: 'file.too_large', kind: 'recording', maxMegabytes: 4096 });
    expect(tooLargeRefusal('document', 1000)).toEqual({ code: 'file.too_large', kind: 'document', maxMegabytes: 1 });
  });
});
