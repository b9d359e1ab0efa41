import { acceptedTypes, kindOfType, maxUploadBytes, unreadablePictureTypes, type FileKind } from './file-kinds.ts';

/** A type read from a file's first bytes: its media type (no parameters) and usual extension. */
export interface SniffedType {
  mime: string;
  ext: string;
}

/** Why an upload is refused; each code has a French and English message on the server. */
export type UploadRefusal =
  | { code: 'file.empty' }
  | { code: 'file.type_not_allowed'; allowed: readonly FileKind[] }
  | { code: 'file.unreadable_format'; format: string }
  | { code: 'file.too_large'; kind: FileKind; maxMegabytes: number };

export type UploadTypeDecision = { ok: true; kind: FileKind; mime: string; ext: string } | { ok: false; refusal: UploadRefusal };

/**
 * Decides from the bytes alone whether an upload may be kept, and as what. `allowed` is what the
 * place it is sent to takes (a post: photos and documents; a meeting: recordings). An unknown
 * type is refused: a file Balise cannot name could be anything, including a program.
 */
export function checkUploadType(sniffed: SniffedType | undefined, allowed: readonly FileKind[], bytesSeen: number): UploadTypeDecision {
  if (bytesSeen === 0) return { ok: false, refusal: { code: 'file.empty' } };
  if (!sniffed) return { ok: false, refusal: { code: 'file.type_not_allowed', allowed } };
  if (unreadablePictureTypes.includes(sniffed.mime) && allowed.includes('photo')) {
    return { ok: false, refusal: { code: 'file.unreadable_format', format: sniffed.ext.toUpperCase() } };
  }
  const kind = kindOfType(sniffed.mime);
  if (!kind || !allowed.includes(kind)) return { ok: false, refusal: { code: 'file.type_not_allowed', allowed } };
  return { ok: true, kind, mime: sniffed.mime, ext: sniffed.ext };
}

/**
 * The refusal of a file past its kind's limit (`maxUploadBytes`, or a tighter one), in whole
 * megabytes as people read them. The limit is enforced as the bytes arrive, so a file that is
 * too large is stopped at the limit rather than read to its end.
 */
export function tooLargeRefusal(kind: FileKind, maxBytes: number = maxUploadBytes[kind]): UploadRefusal {
  return { code: 'file.too_large', kind, maxMegabytes: Math.max(1, Math.round(maxBytes / (1024 * 1024))) };
}

/** Every type some kind accepts: the only types Balise ever serves back. */
export const servedTypes: ReadonlySet<string> = new Set(Object.values(acceptedTypes).flat());
