import type { Kysely } from 'kysely';
import { markStoredFileDestroyed } from '../../db/files/stored-files.ts';
import type { Database } from '../../db/schema.ts';
import type { FilesContext } from './file-services.ts';

/**
 * Destroys a recorded file for good (COMM-5 year end, COMM-4 withdrawal where the capability
 * chooses destruction, a deleted post): its key first — from that instant no copy of its bytes,
 * in a backup or anywhere, can be read — then its bytes, then its record is marked destroyed
 * (the row stays for the audit entries that name it). Repeating it is harmless, so a destruction
 * cut short by a crash is finished by running it again. `db` may be the caller's transaction.
 * True if the file was alive.
 */
export async function destroyStoredFile(ctx: FilesContext, fileId: string, db: Kysely<Database> = ctx.db.kysely): Promise<boolean> {
  await ctx.files.vault.shred(fileId);
  return markStoredFileDestroyed(db, fileId, ctx.now().toISOString());
}
