import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { photoSettings } from '../../../src/domain/files/file-kinds.ts';
import { ApiError } from '../../../src/server/http/api-error.ts';
import { openFileServices, type FileServices } from '../../../src/server/files/file-services.ts';
import { storeUploadedFile } from '../../../src/server/files/store-uploaded-file.ts';
import { translate } from '../../../src/server/i18n/messages.ts';
import * as samples from '../../domain/files/samples.ts';

let dir: string;
let files: FileServices;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-upload-'));
  files = await openFileServices({ dir: path.join(dir, 'files'), keysDir: path.join(dir, 'keys', 'files'), masterKeyFile: path.join(dir, 'keys', 'files.key'), linkMinutes: 5 });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An upload arriving in network-sized pieces. */
async function* arriving(bytes: Buffer, piece = 16 * 1024): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
}
const postTakes = ['photo', 'document'] as const;
const plainOf = async (id: string, variant: 'original' | 'thumbnail' = 'original') => buffer(await files.vault.open(id, variant));
/** What is on disk besides the master key: ciphertexts and wrapped keys. */
const kept = () => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== 'files.key').map((e) => e.name);

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('SEC-2 issue 17 a phone photo reaches no one with its metadata', () => {
  it('the GPS position, the device, the date, XMP and the ICC profile are gone from the photo kept, decrypted', async () => {
    const sent = await samples.phoneJpeg();
    const before = await sharp(sent).metadata();
    expect(samples.exifTags(before.exif!)).toContain(samples.GPS_IFD_TAG);
    expect(before.xmp).toBeDefined();
    expect(before.icc).toBeDefined();

    const file = await storeUploadedFile(files, { body: arriving(sent), allowed: postTakes });
    const photo = await plainOf(file.id);
    const after = await sharp(photo).metadata();
    expect(after.format).toBe('jpeg');
    for (const field of ['exif', 'xmp', 'iptc', 'icc', 'comments', 'orientation'] as const) expect(after[field]).toBeUndefined();
    // Not hidden elsewhere in the file either: the device's software name was in the photo sent, not in the photo kept.
    expect(sent.includes(Buffer.from('Appareil photo 17.2'))).toBe(true);
    expect(photo.includes(Buffer.from('Appareil photo 17.2'))).toBe(false);
    expect(photo.includes(Buffer.from('Exif'))).toBe(false);
    expect(file).toMatchObject({ kind: 'photo', mimeType: 'image/jpeg', ext: 'jpg', sizeBytes: photo.length, sha256: createHash('sha256').update(photo).digest('hex') });
  });

  it('the photo is turned upright before its orientation is stripped', async () => {
    const file = await storeUploadedFile(files, { body: arriving(await samples.phoneJpeg()), allowed: postTakes });
    const { data, info } = await sharp(await plainOf(file.id)).raw().toBuffer({ resolveWithObject: true });
    // Stored 600 × 400 with "turn 90° clockwise": upright it is 400 × 600, its left half (red) now on top.
    expect([info.width, info.height]).toEqual([400, 600]);
    expect([file.width, file.height]).toEqual([400, 600]);
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(pixel(200, 50)[0]).toBeGreaterThan(180);
    expect(pixel(200, 550)[2]).toBeGreaterThan(180);
  });

  it('a thumbnail is made once at upload: 400 px wide WebP, stored encrypted, without metadata', async () => {
    const big = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3a7' } }).jpeg().withExif(samples.GPS_EXIF).toBuffer();
    const file = await storeUploadedFile(files, { body: arriving(big), allowed: postTakes });
    const thumbnail = await plainOf(file.id, 'thumbnail');
    const meta = await sharp(thumbnail).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', photoSettings.thumbnailWidth, 300]);
    expect(meta.exif).toBeUndefined();
    expect(file.thumbnail).toEqual({ mimeType: 'image/webp', sizeBytes: thumbnail.length });
    const onDisk = fs.readFileSync(path.join(dir, 'files', file.id.slice(0, 2), file.id, 'thumbnail'));
    expect(onDisk.includes(Buffer.from('WEBP'))).toBe(false);
  });

  it('a PNG loses its text comments and a WebP its EXIF; each keeps its format', async () => {
    const png = await storeUploadedFile(files, { body: arriving(await samples.pngWithComment()), allowed: ['photo'] });
    const pngMeta = await sharp(await plainOf(png.id)).metadata();
    expect([pngMeta.format, pngMeta.comments]).toEqual(['png', undefined]);
    expect((await plainOf(png.id)).includes(Buffer.from('Erables'))).toBe(false);
    const webp = await storeUploadedFile(files, { body: arriving(await samples.webpWithExif()), allowed: ['photo'] });
    const webpMeta = await sharp(await plainOf(webp.id)).metadata();
    expect([webpMeta.format, webpMeta.exif]).toEqual(['webp', undefined]);
  });

  it('a photo larger than any screen is brought down to 3840 px on its longest side', async () => {
    const huge = await sharp({ create: { width: 4800, height: 1200, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const file = await storeUploadedFile(files, { body: arriving(huge), allowed: ['photo'] });
    expect([file.width, file.height]).toEqual([3840, 960]);
  });
});

describe('SEC-2 issue 17 a file\'s type is read from its bytes; what cannot be read is refused clearly', () => {
  it('an iPhone HEIC photo is refused with a message saying what to do, in French and English; nothing is kept', async () => {
    const error = await refusal(storeUploadedFile(files, { body: arriving(samples.heic()), allowed: postTakes }));
    expect([error.statusCode, error.code, error.params]).toEqual([415, 'file.unreadable_format', { format: 'HEIC' }]);
    expect(translate(error.code, 'fr', error.params)).toMatch(/ne peut pas lire cette image \(format HEIC\).*JPEG/);
    expect(translate(error.code, 'en', error.params)).toMatch(/cannot read this image \(HEIC format\).*JPEG/);
    expect(kept()).toEqual([]);
  });

  it('an AVIF picture, and bytes that claim to be a JPEG but are not one, are refused as unreadable', async () => {
    expect((await refusal(storeUploadedFile(files, { body: arriving(await samples.avif()), allowed: ['photo'] }))).params).toEqual({ format: 'AVIF' });
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 0x11)]);
    const error = await refusal(storeUploadedFile(files, { body: arriving(broken), allowed: ['photo'] }));
    expect([error.statusCode, error.code]).toEqual([415, 'file.unreadable_format']);
    expect(kept()).toEqual([]);
  });

  it('a JPEG is kept (and stripped) as a photo wherever photos are taken, whatever it was called; a program or plain text is refused', async () => {
    const file = await storeUploadedFile(files, { body: arriving(await samples.phoneJpeg()), allowed: postTakes });
    expect(file.kind).toBe('photo');
    for (const bytes of [samples.windowsProgram(), Buffer.from('Bonjour, voici le devoir.\n')]) {
      const error = await refusal(storeUploadedFile(files, { body: arriving(bytes), allowed: postTakes }));
      expect([error.statusCode, error.code]).toEqual([415, 'file.type_not_allowed']);
    }
    // A recording is not taken by a post, nor a photo by a meeting.
    expect((await refusal(storeUploadedFile(files, { body: arriving(samples.webm()), allowed: postTakes }))).code).toBe('file.type_not_allowed');
    expect((await refusal(storeUploadedFile(files, { body: arriving(await samples.phoneJpeg()), allowed: ['recording'] }))).code).toBe('file.type_not_allowed');
    expect(kept()).toHaveLength(3); // the one photo: its key, original and thumbnail
  });

  it('an empty upload is refused as empty', async () => {
    const error = await refusal(storeUploadedFile(files, { body: arriving(Buffer.alloc(0)), allowed: postTakes }));
    expect([error.statusCode, error.code]).toEqual([400, 'file.empty']);
  });

  it('a document is kept byte for byte, encrypted, with its size and hash', async () => {
    const sent = samples.docx();
    const file = await storeUploadedFile(files, { body: arriving(sent, 100), allowed: postTakes });
    expect(file).toMatchObject({ kind: 'document', ext: 'docx', sizeBytes: sent.length, sha256: createHash('sha256').update(sent).digest('hex'), thumbnail: null });
    expect((await plainOf(file.id)).equals(sent)).toBe(true);
  });
});

describe('SEC-2 issue 17 size limits stop an upload as it arrives; nothing of it is kept', () => {
  it('a "photo" that never ends is stopped just past 25 MB, not read to its end', async () => {
    let read = 0;
    const jpeg = await samples.phoneJpeg();
    async function* endless() {
      yield jpeg;
      read += jpeg.length;
      for (;;) {
        read += 1024 * 1024;
        yield Buffer.alloc(1024 * 1024);
      }
    }
    const error = await refusal(storeUploadedFile(files, { body: endless(), allowed: postTakes }));
    expect([error.statusCode, error.code, error.params]).toEqual([413, 'file.too_large', { maxMegabytes: 25 }]);
    expect(read).toBeLessThan(27 * 1024 * 1024);
    expect(translate(error.code, 'fr', error.params)).toBe('Ce fichier est trop volumineux : 25 Mo au plus. Rien n’a été enregistré.');
    expect(kept()).toEqual([]);
  });

  it('a recording past its limit mid-stream leaves no key and no bytes', async () => {
    const error = await refusal(storeUploadedFile(files, { body: arriving(samples.webm(3 * 1024 * 1024)), allowed: ['recording'], limits: { recording: 2 * 1024 * 1024 } }));
    expect([error.statusCode, error.code, error.params]).toEqual([413, 'file.too_large', { maxMegabytes: 2 }]);
    expect(kept()).toEqual([]);
  });

  it('a recording that breaks off mid-way leaves nothing; a whole one is kept as sent', async () => {
    const recording = samples.webm(2 * 1024 * 1024);
    async function* brokenOff() {
      yield recording.subarray(0, 1024 * 1024);
      throw new Error('connection reset');
    }
    await expect(storeUploadedFile(files, { body: brokenOff(), allowed: ['recording'] })).rejects.toThrow('connection reset');
    expect(kept()).toEqual([]);
    const file = await storeUploadedFile(files, { body: arriving(recording, 60_000), allowed: ['recording'] });
    expect(file).toMatchObject({ kind: 'recording', mimeType: 'video/webm', sizeBytes: recording.length, sha256: createHash('sha256').update(recording).digest('hex') });
    expect((await plainOf(file.id)).equals(recording)).toBe(true);
  });
});
