import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import { MAX_ROSTER_BYTES } from './read-roster-files.ts';

/**
 * A roster upload stored on disk (issue 16 A6): each file part is piped to a file of a temporary
 * folder under the data directory, never held whole in memory; the import's thread reads them
 * from there. `remove()` deletes the folder once the import is done.
 */
export interface StoredUpload {
  /** .zip and .csv files, under the names the browser sent (base name only). */
  zips: { name: string; path: string }[];
  csvs: { name: string; path: string }[];
  /** Every file name sent, for the import history. */
  names: string[];
  remove(): Promise<void>;
}

/** Where uploads wait for their import: a folder of the data directory. */
export const uploadsDir = (dataDir: string) => path.join(dataDir, 'tmp', 'roster-uploads');

/** Counts the bytes of every file of one upload, and stops it past the roster's limit. */
function sizeLimit(state: { total: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      state.total += chunk.length;
      done(state.total > MAX_ROSTER_BYTES ? new ApiError(413, 'payload_too_large') : null, chunk);
    },
  });
}

export async function storeUpload(request: FastifyRequest, parent: string): Promise<StoredUpload> {
  await fs.promises.mkdir(parent, { recursive: true });
  const dir = await fs.promises.mkdtemp(path.join(parent, 'import-'));
  const remove = () => fs.promises.rm(dir, { recursive: true, force: true });
  const upload: StoredUpload = { zips: [], csvs: [], names: [], remove };
  const size = { total: 0 };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') continue;
      const name = part.filename.split(/[\\/]/).pop() ?? part.filename;
      upload.names.push(name);
      const lower = name.toLowerCase();
      const kind = lower.endsWith('.zip') ? upload.zips : lower.endsWith('.csv') ? upload.csvs : null;
      if (!kind) {
        for await (const _ of part.file); // anything else is read through, not kept
        continue;
      }
      const file = path.join(dir, `${upload.names.length}.upload`);
      await pipeline(part.file, sizeLimit(size), fs.createWriteStream(file));
      if (part.file.truncated) throw new ApiError(413, 'payload_too_large');
      kind.push({ name, path: file });
    }
    return upload;
  } catch (err) {
    await remove();
    throw err;
  }
}
