import type { Kysely, Selectable } from 'kysely';
import type { StoredFile, StoredFileRecord } from '../../domain/files/stored-file.ts';
import type { Database, StoredFileTable } from '../schema.ts';

/** Records a file sealed in the vault; call it in the transaction of what the file belongs to. */
export async function insertStoredFile(db: Kysely<Database>, file: StoredFile, createdAt: string): Promise<void> {
  await db
    .insertInto('stored_file')
    .values({
      id: file.id,
      kind: file.kind,
      mime_type: file.mimeType,
      ext: file.ext,
      size_bytes: file.sizeBytes,
      sha256: file.sha256,
      width: file.width,
      height: file.height,
      thumbnail_mime_type: file.thumbnail?.mimeType ?? null,
      thumbnail_size_bytes: file.thumbnail?.sizeBytes ?? null,
      created_at: createdAt,
      destroyed_at: null,
    })
    .execute();
}

function recordOf(row: Selectable<StoredFileTable>): StoredFileRecord {
  return {
    id: row.id,
    kind: row.kind,
    mimeType: row.mime_type,
    ext: row.ext,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    thumbnail:
      row.thumbnail_mime_type !== null && row.thumbnail_size_bytes !== null
        ? { mimeType: row.thumbnail_mime_type, sizeBytes: Number(row.thumbnail_size_bytes) }
        : null,
    createdAt: row.created_at,
    destroyedAt: row.destroyed_at,
  };
}

/** The file's record, destroyed or not; null if no such file was ever recorded. */
export async function findStoredFile(db: Kysely<Database>, fileId: string): Promise<StoredFileRecord | null> {
  const row = await db.selectFrom('stored_file').selectAll().where('id', '=', fileId).executeTakeFirst();
  return row ? recordOf(row) : null;
}

/**
 * Marks a file destroyed and forgets its hash (a hash still says which photo it was). True if it
 * was alive; false if already destroyed or unknown, so a repeated destruction changes nothing.
 */
export async function markStoredFileDestroyed(db: Kysely<Database>, fileId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('stored_file')
    .set({ destroyed_at: at, sha256: null })
    .where('id', '=', fileId)
    .where('destroyed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
