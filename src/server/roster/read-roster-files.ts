import fs from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { rosterErrors, type RosterError } from '../../domain/roster/roster-error.ts';

/**
 * Reads the CSV files of a roster import (ORG-2) from disk — a folder, a .zip, or the .csv files
 * themselves — keyed by base name. Only `.csv` files are kept; folders inside the archive are
 * flattened. An archive whose files would expand past MAX_ROSTER_BYTES is refused before
 * anything is inflated (zip-bomb guard), and each entry is checked against its declared size.
 */
export const MAX_ROSTER_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 10_000;

/** Where a roster is read from: an upload stored on disk, or paths given to the CLI. */
export type RosterSource =
  | { kind: 'folder'; path: string }
  | { kind: 'zip'; name: string; path: string }
  | { kind: 'files'; files: { name: string; path: string }[] }
  /** Refused as given (a folder for the plain CSV…): the import records why, like any refusal. */
  | { kind: 'refused'; error: RosterError };

/** A source that cannot be read; carries the error to show, in the same shape as parse errors. */
export class RosterSourceError extends Error {
  constructor(readonly error: RosterError) {
    super(error.message.en);
  }
}

/** Files read so far, out of how many: the import's progress while it reads. */
export type OnFileRead = (read: number, total: number) => void;

const isCsv = (name: string) => name.toLowerCase().endsWith('.csv');
const ignored = (p: string) => p.split('/').some((part) => part === '__MACOSX' || part.startsWith('._'));
const invalid = (file: string, fr: string, en: string) => new RosterSourceError(rosterErrors.invalidZip(file, { fr, en }));
const tooLarge = (file: string) => invalid(file, 'une fois décompressés, ses fichiers dépasseraient 2 Go.', 'once unpacked, its files would exceed 2 GB.');

/** Adds a file under its base name; two files whose names differ only by case are refused. */
function addFile(files: Map<string, Buffer>, name: string, data: Buffer): void {
  const key = path.posix.basename(name.replace(/\\/g, '/'));
  for (const existing of files.keys()) {
    if (existing.toLowerCase() === key.toLowerCase()) throw new RosterSourceError(rosterErrors.duplicateFile(key));
  }
  files.set(key, data);
}

export async function readRosterSource(source: RosterSource, onFile: OnFileRead = () => {}): Promise<Map<string, Buffer>> {
  if (source.kind === 'refused') throw new RosterSourceError(source.error);
  if (source.kind === 'zip') return readZip(source.path, source.name, onFile);
  if (source.kind === 'folder') return readFiles(await csvFilesOfFolder(source.path), path.basename(source.path), onFile);
  return readFiles(source.files, source.files[0]?.name ?? '', onFile);
}

async function readFiles(files: readonly { name: string; path: string }[], label: string, onFile: OnFileRead): Promise<Map<string, Buffer>> {
  const read = new Map<string, Buffer>();
  let total = 0;
  for (const f of files) total += (await fs.stat(f.path)).size;
  if (total > MAX_ROSTER_BYTES) throw tooLarge(label);
  onFile(0, files.length);
  for (const [i, f] of files.entries()) {
    addFile(read, f.name, await fs.readFile(f.path));
    onFile(i + 1, files.length);
  }
  return read;
}

/** The .csv files of a folder; an export unpacked into a folder of its own is looked for one level down. */
async function csvFilesOfFolder(dir: string): Promise<{ name: string; path: string }[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && isCsv(e.name) && !ignored(e.name)).map((e) => ({ name: e.name, path: path.join(dir, e.name) }));
  if (files.length > 0) return files;
  const subdirs = entries.filter((e) => e.isDirectory() && !ignored(e.name));
  return subdirs.length === 1 ? csvFilesOfFolder(path.join(dir, subdirs[0]!.name)) : [];
}

async function readZip(file: string, label: string, onFile: OnFileRead): Promise<Map<string, Buffer>> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    const why = (err as Error).message;
    throw invalid(label, `ce n’est pas une archive .zip lisible (${why}).`, `this is not a readable .zip archive (${why}).`);
  }
  try {
    const wanted = await csvEntries(zip, label);
    const files = new Map<string, Buffer>();
    onFile(0, wanted.length);
    for (const [i, entry] of wanted.entries()) {
      addFile(files, entry.fileName, await inflate(zip, entry, label));
      onFile(i + 1, wanted.length);
    }
    return files;
  } catch (err) {
    if (err instanceof RosterSourceError) throw err;
    const why = (err as Error).message;
    throw invalid(label, `archive .zip endommagée (${why}).`, `damaged .zip archive (${why}).`);
  } finally {
    zip.close();
  }
}

/** The archive's .csv entries, checked before any is inflated: count, declared sizes, encryption. */
async function csvEntries(zip: yauzl.ZipFile, label: string): Promise<yauzl.Entry[]> {
  if (zip.entryCount > MAX_ZIP_ENTRIES) {
    throw invalid(label, `elle contient plus de ${MAX_ZIP_ENTRIES} fichiers.`, `it holds more than ${MAX_ZIP_ENTRIES} files.`);
  }
  const wanted: yauzl.Entry[] = [];
  let declared = 0;
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/') || !isCsv(entry.fileName) || ignored(entry.fileName)) continue;
    declared += entry.uncompressedSize;
    if (declared > MAX_ROSTER_BYTES) throw tooLarge(label);
    if (entry.isEncrypted()) throw invalid(label, 'elle est protégée par un mot de passe.', 'it is password-protected.');
    wanted.push(entry);
  }
  return wanted;
}

async function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, label: string): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    // validateEntrySizes stops a lying entry too; this keeps memory bounded meanwhile.
    if (size > entry.uncompressedSize) throw tooLarge(label);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/**
 * What the CLI is given, as a source: for OneRoster a folder, a .zip, or the .csv files; for the
 * plain CSV one .csv file. A path that does not exist throws ENOENT (nothing is recorded).
 */
export async function sourceOfPaths(format: 'oneroster' | 'csv', paths: readonly string[]): Promise<RosterSource> {
  const stats = await Promise.all(paths.map(async (p) => ({ p, name: path.basename(p), dir: (await fs.stat(p)).isDirectory() })));
  const files = stats.filter((s) => !s.dir && isCsv(s.name)).map((s) => ({ name: s.name, path: s.p }));
  if (format === 'csv') {
    return files.length === stats.length ? { kind: 'files', files } : { kind: 'refused', error: rosterErrors.plainNotOneFile(stats.map((s) => s.name)) };
  }
  const only = stats.length === 1 ? stats[0]! : null;
  if (only?.dir) return { kind: 'folder', path: only.p };
  if (only?.name.toLowerCase().endsWith('.zip')) return { kind: 'zip', name: only.name, path: only.p };
  if (files.length === stats.length && files.length > 0) return { kind: 'files', files };
  const label = stats.map((s) => s.name).join(', ');
  return { kind: 'refused', error: invalid(label, 'indiquez un dossier de fichiers .csv, une archive .zip ou les fichiers .csv.', 'give a folder of .csv files, a .zip archive or the .csv files.').error };
}
