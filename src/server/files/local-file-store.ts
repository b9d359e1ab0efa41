import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileNotFoundError, type FileStore } from './file-store.ts';

/** Keys as `objectKey` makes them: lowercase letters, digits and dashes in `/`-separated parts; never `..`. */
const KEY = /^[0-9a-z-]+(\/[0-9a-z-]+)*$/;
const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException | null)?.code === code;

/**
 * The store of the embedded setup: a folder under the data directory (`BALISE_FILES_DIR`).
 * Writes go to a temporary name, are synced, then linked to their name, so a crash or a
 * failed upload never leaves half an object under a real key.
 */
export class LocalFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('not a stored object key');
    return path.join(this.dir, ...key.split('/'));
  }

  async put(key: string, body: Readable): Promise<{ bytes: number }> {
    const file = this.pathOf(key);
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      const out = fs.createWriteStream(temporary, { flags: 'wx', mode: 0o600, flush: true });
      await pipeline(body, counter, out);
      // link fails if the name exists: an object is never silently replaced.
      await fsp.link(temporary, file);
      return { bytes };
    } finally {
      await fsp.rm(temporary, { force: true });
    }
  }

  async open(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      const handle = await fsp.open(file, 'r');
      return handle.createReadStream({ highWaterMark: 64 * 1024 });
    } catch (err) {
      if (isCode(err, 'ENOENT')) throw new FileNotFoundError(key);
      throw err;
    }
  }

  async destroy(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
    // The file's own folder goes too when it is empty; a folder still holding a part stays.
    await fsp.rmdir(path.dirname(this.pathOf(key))).catch(() => {});
  }

  async exists(key: string): Promise<boolean> {
    return fsp.access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }
}
