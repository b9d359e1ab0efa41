import type { Kysely } from 'kysely';

/**
 * SEC-2, issue 17 "Photos and files": the record of each file kept encrypted at rest (photos,
 * documents, meeting recordings). Only what serving and destroying it needs: no name a person
 * chose, no key (keys live outside the database, see src/server/files/file-keyring.ts). A
 * destroyed file keeps its row, with `destroyed_at` set and its hash gone, so the audit entries
 * that name it still point at something; its key and bytes are gone.
 * `size_bytes` is a bigint: a meeting recording can pass PostgreSQL's 2 GB integer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stored_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('ext', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('thumbnail_mime_type', 'text')
    .addColumn('thumbnail_size_bytes', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('destroyed_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stored_file').execute();
}
