import fs from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { rosterErrors, type RosterError } from '../../domain/roster/roster-error.ts';
import type { RosterFormat } from '../schema.ts';

/**
 * Reads the CSV files of a roster import (ORG-2) from a folder, a .zip or one .csv, keyed by base name.
 * Only `.csv` files are kept; folders inside the archive are flattened. An archive whose files
 * would expand past MAX_ROSTER_BYTES is refused before anything is inflated (zip-bomb guard), and
 * each entry is checked against its declared size while it inflates.
 */
export const MAX_ROSTER_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 10_000;

/** A source that cannot be read; carries the error to show, in the same shape as parse errors. */
export class RosterSourceError extends Error {
  constructor(readonly error: RosterError) {
    super(error.message.en);
  }
}

const isCsv = (name: string) => name.toLowerCase().endsWith('.csv');
const ignored = (p: string) => p.split('/').some((part) => part === '__MACOSX' || part.startsWith('._'));

/** Adds a file under its base name; two files whose names differ only by case are refused. */
export function addFile(files: Map<string, Buffer>, name: string, data: Buffer): void {
  const key = path.posix.basename(name.replace(/\\/g, '/'));
  for (const existing of files.keys()) {
    if (existing.toLowerCase() === key.toLowerCase()) throw new RosterSourceError(rosterErrors.duplicateFile(key));
  }
  files.set(key, data);
}

export async function readRosterFolder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let total = 0;
  const read = async (folder: string) => {
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
      if (!entry.isFile() || !isCsv(entry.name) || ignored(entry.name)) continue;
      const p = path.join(folder, entry.name);
      total += (await fs.stat(p)).size;
      if (total > MAX_ROSTER_BYTES) throw new RosterSourceError(tooLarge(path.basename(dir)));
      addFile(files, entry.name, await fs.readFile(p));
    }
  };
  await read(dir);
  if (files.size === 0) {
    // An export unpacked into a folder of its own: look one level down when there is exactly one.
    const subdirs = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !ignored(e.name));
    if (subdirs.length === 1) await read(path.join(dir, subdirs[0]!.name));
  }
  return files;
}

function tooLarge(file: string): RosterError {
  return rosterErrors.invalidZip(file, {
    fr: 'une fois décompressés, ses fichiers dépasseraient 2 Go.',
    en: 'once unpacked, its files would exceed 2 GB.',
  });
}

async function readZipFile(zip: yauzl.ZipFile, label: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      throw new RosterSourceError(
        rosterErrors.invalidZip(label, { fr: `elle contient plus de ${MAX_ZIP_ENTRIES} fichiers.`, en: `it holds more than ${MAX_ZIP_ENTRIES} files.` }),
      );
    }
    const wanted: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !isCsv(entry.fileName) || ignored(entry.fileName)) continue;
      declared += entry.uncompressedSize;
      if (declared > MAX_ROSTER_BYTES) throw new RosterSourceError(tooLarge(label));
      if (entry.isEncrypted()) {
        throw new RosterSourceError(
          rosterErrors.invalidZip(label, { fr: 'elle est protégée par un mot de passe.', en: 'it is password-protected.' }),
        );
      }
      wanted.push(entry);
    }
    for (const entry of wanted) {
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        // validateEntrySizes stops a lying entry too; this keeps memory bounded meanwhile.
        if (size > entry.uncompressedSize) throw new RosterSourceError(tooLarge(label));
        chunks.push(chunk as Buffer);
      }
      addFile(files, entry.fileName, Buffer.concat(chunks, size));
    }
    return files;
  } catch (err) {
    if (err instanceof RosterSourceError) throw err;
    throw new RosterSourceError(
      rosterErrors.invalidZip(label, { fr: `archive .zip endommagée (${(err as Error).message}).`, en: `damaged .zip archive (${(err as Error).message}).` }),
    );
  } finally {
    zip.close();
  }
}

export async function readRosterZip(buf: Buffer, label = 'import.zip'): Promise<Map<string, Buffer>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw new RosterSourceError(
      rosterErrors.invalidZip(label, { fr: `ce n’est pas une archive .zip lisible (${(err as Error).message}).`, en: `this is not a readable .zip archive (${(err as Error).message}).` }),
    );
  }
  return readZipFile(zip, label);
}

/** A folder of CSV files, or a .zip archive of them. */
export async function readRosterPath(p: string): Promise<Map<string, Buffer>> {
  const stat = await fs.stat(p);
  if (stat.isDirectory()) return readRosterFolder(p);
  if (p.toLowerCase().endsWith('.zip')) return readRosterZip(await fs.readFile(p), path.basename(p));
  throw new RosterSourceError(
    rosterErrors.invalidZip(path.basename(p), {
      fr: 'indiquez un dossier de fichiers .csv ou une archive .zip.',
      en: 'give a folder of .csv files or a .zip archive.',
    }),
  );
}

/** What an import reads from a path: a OneRoster export (folder or .zip), or one plain .csv file. */
export async function readRosterSource(format: RosterFormat, p: string): Promise<Map<string, Buffer>> {
  if (format === 'oneroster') return readRosterPath(p);
  const name = path.basename(p);
  if (!isCsv(name) || (await fs.stat(p)).isDirectory()) {
    throw new RosterSourceError(rosterErrors.plainNotOneFile([name]));
  }
  return new Map([[name, await fs.readFile(p)]]);
}
