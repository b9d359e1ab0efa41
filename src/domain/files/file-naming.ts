/**
 * Names of stored files. A file's id is a random UUID that says nothing about its content or
 * owner; its bytes are kept under object keys made from that id alone, so neither the store's
 * listing nor a backup reveals a name a person chose.
 */

/** A file's parts: the file as kept, and the thumbnail made once at upload (photos only). */
export const fileVariants = ['original', 'thumbnail'] as const;
export type FileVariant = (typeof fileVariants)[number];

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a well-formed file id (a lowercase UUID): anything else never reaches a store or a path. */
export function isFileId(value: string): boolean {
  return FILE_ID.test(value);
}

export function isFileVariant(value: string): value is FileVariant {
  return (fileVariants as readonly string[]).includes(value);
}

/** The key a part of a file is stored under, e.g. `3f/3f2a…-…/original`: the first two characters spread files over folders. */
export function objectKey(fileId: string, variant: FileVariant): string {
  if (!isFileId(fileId)) throw new Error('not a file id');
  return `${fileId.slice(0, 2)}/${fileId}/${variant}`;
}

const MAX_NAME_CHARS = 120;

/**
 * The name a download is offered under: the name the person gave, stripped of folders, control
 * and reserved characters, with the extension of the type read from the bytes (a « photo.pdf »
 * that is a JPEG is offered as « photo.jpg »). Without a usable name, `fallback` is used
 * (e.g. « photo-2026-09-14 »).
 */
export function downloadName(givenName: string | undefined, ext: string, fallback: string): string {
  const base = (givenName ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"*:<>?|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // The given extension is dropped (the real one is added); a name that is only an extension, or hidden (« .x »), is no name.
  const dot = cleaned.lastIndexOf('.');
  const stem = (dot === -1 ? cleaned : cleaned.slice(0, dot)).replace(/^\.+/, '').trim();
  const chosen = stem === '' ? fallback : stem;
  return `${[...chosen].slice(0, MAX_NAME_CHARS).join('')}.${ext}`;
}
