import { fileTypeFromBuffer } from 'file-type/core';
import type { SniffedType } from './upload-check.ts';

/**
 * How many first bytes are read before deciding a file's type. Most types show in their first
 * few bytes; an Office or OpenDocument file is a zip whose type is named by an entry near its
 * start, so more is read. An upload smaller than this is sniffed whole.
 */
export const SNIFF_BYTES = 256 * 1024;

/**
 * The type of a file read from its bytes (never its name or the browser's claim), with
 * `file-type`'s pure core: no file system, no network. Media-type parameters are dropped
 * (`audio/ogg; codecs=opus` is `audio/ogg`) so types compare plainly.
 */
export async function sniffFileType(head: Uint8Array): Promise<SniffedType | undefined> {
  if (head.length === 0) return undefined;
  const found = await fileTypeFromBuffer(head);
  if (!found) return undefined;
  return { mime: found.mime.split(';')[0]!.trim(), ext: found.ext };
}
