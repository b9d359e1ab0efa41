import { createHash, randomUUID } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { maxUploadBytes, photoSettings, type FileKind } from '../../domain/files/file-kinds.ts';
import { sniffFileType, SNIFF_BYTES } from '../../domain/files/sniff-file-type.ts';
import type { StoredFile } from '../../domain/files/stored-file.ts';
import { checkUploadType, tooLargeRefusal, type UploadRefusal } from '../../domain/files/upload-check.ts';
import { ApiError } from '../http/api-error.ts';
import type { FileServices } from './file-services.ts';
import { reencodePhoto } from './reencode-photo.ts';
import { fromHead, MeasuredBytes, readHead, readWhole } from './upload-bytes.ts';

export type { StoredFile };

/** An upload as it arrives (a multipart file stream, a recording being written…). */
export interface Upload {
  body: AsyncIterable<Uint8Array>;
  /** What the place it is sent to takes: a post takes photos and documents, a meeting recordings. */
  allowed: readonly FileKind[];
  /** Tighter limits than the kinds' own (`maxUploadBytes`), e.g. for a test. */
  limits?: Partial<Record<FileKind, number>>;
}

const statusOf: Record<UploadRefusal['code'], number> = {
  'file.empty': 400,
  'file.type_not_allowed': 415,
  'file.unreadable_format': 415,
  'file.too_large': 413,
};

/** The refusal as the API answers it: a status, the code, its message's parameters. */
export function uploadRefused(refusal: UploadRefusal): ApiError {
  const params: Record<string, string | number> = {};
  if (refusal.code === 'file.too_large') params.maxMegabytes = refusal.maxMegabytes;
  if (refusal.code === 'file.unreadable_format') params.format = refusal.format;
  const { code, ...details } = refusal;
  return new ApiError(statusOf[code], code, params, details);
}

/**
 * Keeps an upload (SEC-2, issue 17 "Photos and files"): its type is read from its bytes, its size
 * held to its kind's limit as it arrives, a photo re-encoded without any metadata and given a
 * thumbnail, and everything sealed in the vault under a key of its own. A refused upload keeps
 * nothing. The file is not in the database yet: the caller records it in the transaction of
 * what it belongs to, and calls `discardStoredFile` if that transaction fails.
 */
export async function storeUploadedFile(files: FileServices, upload: Upload): Promise<StoredFile> {
  const chunks = upload.body[Symbol.asyncIterator]();
  try {
    const { head, ended } = await readHead(chunks, SNIFF_BYTES);
    const decision = checkUploadType(await sniffFileType(head), upload.allowed, head.length);
    if (!decision.ok) throw uploadRefused(decision.refusal);
    const { kind, mime, ext } = decision;
    const max = upload.limits?.[kind] ?? maxUploadBytes[kind];
    const tooLarge = () => uploadRefused(tooLargeRefusal(kind, max));
    const id = randomUUID();
    if (kind === 'photo') return await storePhoto(files, id, await readWhole(head, chunks, ended, max, tooLarge), mime, ext);
    const measured = new MeasuredBytes(max, tooLarge);
    // pipeline, not pipe: an upload that breaks off mid-way must fail the seal, not leave it waiting.
    const body = pipeline(Readable.from(fromHead(head, chunks, ended)), measured, () => {});
    await files.vault.seal(id, [{ variant: 'original', body }]);
    return { id, kind, mimeType: mime, ext, sizeBytes: measured.bytes, sha256: measured.sha256(), width: null, height: null, thumbnail: null };
  } finally {
    // A refused upload is not read to its end: ending the iteration releases (for a stream, destroys) what is left.
    await chunks.return?.();
  }
}

async function storePhoto(files: FileServices, id: string, sent: Buffer, mime: string, ext: string): Promise<StoredFile> {
  const photo = await reencodePhoto(sent, mime);
  if (!photo) throw uploadRefused({ code: 'file.unreadable_format', format: ext.toUpperCase() });
  await files.vault.seal(id, [
    { variant: 'original', body: Readable.from([photo.photo]) },
    { variant: 'thumbnail', body: Readable.from([photo.thumbnail]) },
  ]);
  return {
    id,
    kind: 'photo',
    mimeType: mime,
    ext,
    sizeBytes: photo.photo.length,
    sha256: createHash('sha256').update(photo.photo).digest('hex'),
    width: photo.width,
    height: photo.height,
    thumbnail: { mimeType: photoSettings.thumbnailType, sizeBytes: photo.thumbnail.length },
  };
}
