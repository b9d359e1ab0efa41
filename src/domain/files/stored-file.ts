import type { FileKind } from './file-kinds.ts';
import type { FileVariant } from './file-naming.ts';

/** What Balise records of a file it keeps (never its name, never its content). */
export interface StoredFile {
  id: string;
  kind: FileKind;
  /** Read from the bytes; the type the file is served with. */
  mimeType: string;
  ext: string;
  /** Size and SHA-256 of the plaintext kept — for a photo, the re-encoded photo, not what was sent. */
  sizeBytes: number;
  sha256: string;
  /** A photo's size in pixels, upright; null for other kinds. */
  width: number | null;
  height: number | null;
  /** The thumbnail made at upload (photos); null when there is none. */
  thumbnail: { mimeType: string; sizeBytes: number } | null;
}

/** A file as recorded: alive until destroyed; a destroyed file keeps its record, not its hash. */
export interface StoredFileRecord extends Omit<StoredFile, 'sha256'> {
  sha256: string | null;
  createdAt: string;
  destroyedAt: string | null;
}

/** True while this part of the file may be handed out: the file not destroyed and, for a thumbnail, one was made. */
export function partIsAlive(file: StoredFileRecord, variant: FileVariant): boolean {
  return file.destroyedAt === null && (variant !== 'thumbnail' || file.thumbnail !== null);
}
