import { findStoredFile } from '../../db/files/stored-files.ts';
import { linkExpiry, signDownloadLink } from '../../domain/files/download-link.ts';
import type { FileVariant } from '../../domain/files/file-naming.ts';
import { partIsAlive } from '../../domain/files/stored-file.ts';
import { notFound } from '../http/api-error.ts';
import type { FilesContext } from './file-services.ts';

/**
 * A short-lived link to one part of a file, for one viewer (SEC-2). The caller has already
 * checked, with its own rule, that this viewer may see what the file belongs to: a link is
 * handed out only then, and only for a file that is alive (and, for a thumbnail, has one).
 */
export async function issueDownloadLink(
  ctx: FilesContext,
  input: { fileId: string; variant: FileVariant; viewerId: string },
): Promise<{ token: string; expiresAt: Date }> {
  const file = await findStoredFile(ctx.db.kysely, input.fileId);
  if (!file || !partIsAlive(file, input.variant)) throw notFound();
  const expiresAt = linkExpiry(ctx.now(), ctx.files.linkMinutes);
  const token = signDownloadLink(ctx.files.linkKey, { ...input, expiresAt });
  return { token, expiresAt: new Date(expiresAt * 1000) };
}
