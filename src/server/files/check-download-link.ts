import { findStoredFile } from '../../db/files/stored-files.ts';
import { verifyDownloadLink } from '../../domain/files/download-link.ts';
import type { FileVariant } from '../../domain/files/file-naming.ts';
import { partIsAlive, type StoredFileRecord } from '../../domain/files/stored-file.ts';
import { ApiError } from '../http/api-error.ts';
import type { FilesContext } from './file-services.ts';

/** Why a link did not open, for the audit entry; the person is only told the link no longer works. */
export type DownloadLinkFailure = 'malformed' | 'forged' | 'expired' | 'file_gone';

export class DownloadLinkRefused extends ApiError {
  constructor(readonly reason: DownloadLinkFailure) {
    super(404, 'file.link_invalid', {}, undefined);
  }
}

/**
 * Checks a download link for the person presenting it: signed by this server, for this viewer,
 * not expired, and the file still alive (a destroyed file's links stop at once). It proves only
 * that the link was handed out: the route must still check, with its rule, that the viewer may
 * see what the file belongs to *now* — a consent withdrawn a minute ago (COMM-4) must win.
 */
export async function checkDownloadLink(
  ctx: FilesContext,
  token: string,
  viewerId: string,
): Promise<{ file: StoredFileRecord; variant: FileVariant }> {
  const check = verifyDownloadLink(ctx.files.linkKey, token, viewerId, ctx.now());
  if (!check.ok) throw new DownloadLinkRefused(check.reason);
  const file = await findStoredFile(ctx.db.kysely, check.fileId);
  if (!file || !partIsAlive(file, check.variant) || !(await ctx.files.vault.keyring.has(file.id))) throw new DownloadLinkRefused('file_gone');
  return { file, variant: check.variant };
}
