import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { Migrator } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/database.ts';
import { findStoredFile, insertStoredFile } from '../../../src/db/files/stored-files.ts';
import { migrationProvider } from '../../../src/db/migrations/index.ts';
import { checkDownloadLink, DownloadLinkRefused } from '../../../src/server/files/check-download-link.ts';
import { destroyStoredFile } from '../../../src/server/files/destroy-stored-file.ts';
import { discardStoredFile } from '../../../src/server/files/discard-stored-file.ts';
import { FileKeyMissingError } from '../../../src/server/files/file-keyring.ts';
import { openFileServices, type FilesContext } from '../../../src/server/files/file-services.ts';
import { issueDownloadLink } from '../../../src/server/files/issue-download-link.ts';
import { openStoredFile } from '../../../src/server/files/open-stored-file.ts';
import { FileTamperedError } from '../../../src/server/files/segmented-gcm.ts';
import { storeUploadedFile } from '../../../src/server/files/store-uploaded-file.ts';
import { dialects } from '../../support/balise.ts';
import { createTestPostgresDatabase } from '../../support/postgres.ts';
import * as samples from '../../domain/files/samples.ts';

const sophie = 'person-sophie';
const other = 'person-other-guardian';

describe.each(dialects)('SEC-2 issue 17 stored files on %s', (dialect) => {
  let dir: string;
  let db: Db;
  let dropDb: () => Promise<void>;
  let clock = new Date('2026-09-14T14:00:00.000Z');
  let ctx: FilesContext;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-stored-files-'));
    if (dialect === 'postgres') {
      const pg = await createTestPostgresDatabase();
      db = openDatabase({ dialect: 'postgres', url: pg.url });
      dropDb = pg.drop;
    } else {
      db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') });
      dropDb = async () => {};
    }
    const migrated = await new Migrator({ db: db.kysely, provider: migrationProvider }).migrateTo('0008_stored_files');
    expect(migrated.error).toBeUndefined();
    const files = await openFileServices({ dir: path.join(dir, 'files'), keysDir: path.join(dir, 'keys', 'files'), masterKeyFile: path.join(dir, 'keys', 'files.key'), linkMinutes: 5 });
    ctx = { db, files, now: () => clock };
  });
  afterAll(async () => {
    await db.close();
    await dropDb();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A photo uploaded and recorded, as a publication would do it in its transaction. */
  async function recordedPhoto() {
    const file = await storeUploadedFile(ctx.files, { body: Readable.from([await samples.phoneJpeg()]), allowed: ['photo', 'document'] });
    await db.kysely.transaction().execute((trx) => insertStoredFile(trx, file, clock.toISOString()));
    return file;
  }

  it('a file\'s record keeps its kind, type, size, hash and thumbnail — no name, no key', async () => {
    const file = await recordedPhoto();
    expect(await findStoredFile(db.kysely, file.id)).toEqual({ ...file, createdAt: clock.toISOString(), destroyedAt: null });
    const row = await db.kysely.selectFrom('stored_file').selectAll().where('id', '=', file.id).executeTakeFirstOrThrow();
    expect(Object.keys(row).sort()).toEqual(['created_at', 'destroyed_at', 'ext', 'height', 'id', 'kind', 'mime_type', 'sha256', 'size_bytes', 'thumbnail_mime_type', 'thumbnail_size_bytes', 'width']);
  });

  it('a recording\'s size past 2 GB fits its record', async () => {
    const big = { id: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9', kind: 'recording' as const, mimeType: 'video/webm', ext: 'webm', sizeBytes: 3_500_000_000, sha256: 'ab'.repeat(32), width: null, height: null, thumbnail: null };
    await insertStoredFile(db.kysely, big, clock.toISOString());
    expect((await findStoredFile(db.kysely, big.id))?.sizeBytes).toBe(3_500_000_000);
  });

  it('a download link works for its viewer: the photo and its thumbnail stream back decrypted, with their type and size', async () => {
    const file = await recordedPhoto();
    for (const variant of ['original', 'thumbnail'] as const) {
      const { token, expiresAt } = await issueDownloadLink(ctx, { fileId: file.id, variant, viewerId: sophie });
      expect(expiresAt.toISOString()).toBe('2026-09-14T14:05:00.000Z');
      const checked = await checkDownloadLink(ctx, token, sophie);
      expect(checked.variant).toBe(variant);
      const opened = await openStoredFile(ctx.files, checked.file, variant);
      const bytes = await buffer(opened.body);
      expect(opened.sizeBytes).toBe(bytes.length);
      expect(opened.mimeType).toBe(variant === 'original' ? 'image/jpeg' : 'image/webp');
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    }
  });

  it('a link is refused, as "no longer valid", when expired, for another viewer, or altered', async () => {
    const file = await recordedPhoto();
    const { token } = await issueDownloadLink(ctx, { fileId: file.id, variant: 'original', viewerId: sophie });
    const refusedWith = async (t: string, viewer: string) => {
      const error = await checkDownloadLink(ctx, t, viewer).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DownloadLinkRefused);
      expect([(error as DownloadLinkRefused).statusCode, (error as DownloadLinkRefused).code]).toEqual([404, 'file.link_invalid']);
      return (error as DownloadLinkRefused).reason;
    };
    expect(await refusedWith(token, other)).toBe('forged');
    expect(await refusedWith(token.replace('.original.', '.thumbnail.'), sophie)).toBe('forged');
    expect(await refusedWith('not-a-link', sophie)).toBe('malformed');
    const issuedAt = clock;
    clock = new Date(issuedAt.getTime() + 5 * 60_000);
    try {
      expect(await refusedWith(token, sophie)).toBe('expired');
    } finally {
      clock = issuedAt;
    }
  });

  it('destroying a file: its links stop at once, it cannot be opened, its record keeps no hash; no new link is handed out', async () => {
    const file = await recordedPhoto();
    const { token } = await issueDownloadLink(ctx, { fileId: file.id, variant: 'thumbnail', viewerId: sophie });
    const checked = await checkDownloadLink(ctx, token, sophie);
    expect(await destroyStoredFile(ctx, file.id)).toBe(true);
    expect(await destroyStoredFile(ctx, file.id)).toBe(false);
    const error = await checkDownloadLink(ctx, token, sophie).then(() => null, (e: unknown) => e);
    expect((error as DownloadLinkRefused).reason).toBe('file_gone');
    // Even a route holding the record from before cannot stream it: the key is gone.
    await expect(openStoredFile(ctx.files, checked.file, 'thumbnail')).rejects.toBeInstanceOf(FileKeyMissingError);
    expect(await findStoredFile(db.kysely, file.id)).toMatchObject({ sha256: null, destroyedAt: clock.toISOString() });
    await expect(issueDownloadLink(ctx, { fileId: file.id, variant: 'original', viewerId: sophie })).rejects.toMatchObject({ statusCode: 404 });
    expect(fs.existsSync(path.join(dir, 'files', file.id.slice(0, 2), file.id))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'keys', 'files', file.id.slice(0, 2), `${file.id}.key`))).toBe(false);
  });

  it('a file whose key is gone (destruction cut short before its record was marked) has no working link', async () => {
    const file = await recordedPhoto();
    const { token } = await issueDownloadLink(ctx, { fileId: file.id, variant: 'original', viewerId: sophie });
    await ctx.files.vault.keyring.destroy(file.id);
    const error = await checkDownloadLink(ctx, token, sophie).then(() => null, (e: unknown) => e);
    expect((error as DownloadLinkRefused).reason).toBe('file_gone');
  });

  it('a document has no thumbnail to link to; an unknown file has no link', async () => {
    const doc = await storeUploadedFile(ctx.files, { body: Readable.from([samples.pdf()]), allowed: ['document'] });
    await insertStoredFile(db.kysely, doc, clock.toISOString());
    await expect(issueDownloadLink(ctx, { fileId: doc.id, variant: 'thumbnail', viewerId: sophie })).rejects.toMatchObject({ statusCode: 404, code: 'not_found' });
    await expect(issueDownloadLink(ctx, { fileId: '00000000-0000-4000-8000-000000000000', variant: 'original', viewerId: sophie })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a file altered on disk fails before any byte is served, with a FileTamperedError', async () => {
    const file = await recordedPhoto();
    const onDisk = path.join(dir, 'files', file.id.slice(0, 2), file.id, 'original');
    const bytes = fs.readFileSync(onDisk);
    bytes[40]! ^= 0x01;
    fs.writeFileSync(onDisk, bytes);
    const { token } = await issueDownloadLink(ctx, { fileId: file.id, variant: 'original', viewerId: sophie });
    const checked = await checkDownloadLink(ctx, token, sophie);
    await expect(openStoredFile(ctx.files, checked.file, 'original')).rejects.toBeInstanceOf(FileTamperedError);
  });

  it('a publication that fails after the upload leaves no record and no file', async () => {
    const file = await storeUploadedFile(ctx.files, { body: Readable.from([await samples.phoneJpeg()]), allowed: ['photo'] });
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await insertStoredFile(trx, file, clock.toISOString());
        throw new Error('the post was refused');
      }),
    ).rejects.toThrow('the post was refused');
    await discardStoredFile(ctx.files, file);
    expect(await findStoredFile(db.kysely, file.id)).toBeNull();
    expect(await ctx.files.vault.exists(file.id, 'original')).toBe(false);
    expect(fs.existsSync(path.join(dir, 'files', file.id.slice(0, 2), file.id))).toBe(false);
  });

  it('migration 0008 goes down and up again', async () => {
    const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
    expect((await migrator.migrateTo('0007_import_run_progress')).error).toBeUndefined();
    expect((await migrator.migrateTo('0008_stored_files')).error).toBeUndefined();
    expect(await db.kysely.selectFrom('stored_file').select('id').execute()).toEqual([]);
  });
});
