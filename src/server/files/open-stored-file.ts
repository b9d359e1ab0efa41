import { Readable } from 'node:stream';
import type { FileVariant } from '../../domain/files/file-naming.ts';
import type { StoredFileRecord } from '../../domain/files/stored-file.ts';
import type { FileServices } from './file-services.ts';

/** A part of a file ready to stream: its type and size for the answer's headers, and its plaintext. */
export interface OpenedFile {
  mimeType: string;
  sizeBytes: number;
  body: Readable;
}

/**
 * Opens a part of a recorded file for streaming, once its link and the viewer's right have been
 * checked. Its first segment is decrypted and checked before this returns: a file altered at its
 * start (or with its key gone) fails here, before an answer has begun, with a FileTamperedError
 * (or FileKeyMissingError). A later segment that fails its check ends the stream with that error,
 * and none of its bytes are sent.
 */
export async function openStoredFile(files: FileServices, file: StoredFileRecord, variant: FileVariant): Promise<OpenedFile> {
  const plain = await files.vault.open(file.id, variant);
  const chunks = plain[Symbol.asyncIterator]();
  const first = await chunks.next();
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (!first.done) yield first.value as Uint8Array;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Uint8Array;
  }
  const body = Readable.from(rest(), { objectMode: false });
  // A reader that leaves early (a closed tab), or never reads, releases the file.
  body.once('close', () => void chunks.return?.());
  const thumbnail = variant === 'thumbnail' ? file.thumbnail : null;
  return { mimeType: thumbnail?.mimeType ?? file.mimeType, sizeBytes: thumbnail?.sizeBytes ?? file.sizeBytes, body };
}
