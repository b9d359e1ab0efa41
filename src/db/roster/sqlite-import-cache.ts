import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { dialectOf } from '../dialect.ts';

/**
 * SQLite keeps 2 MB of pages in memory by default: a large import then spills the same index pages
 * to the WAL again and again. For the import's duration the connection may keep more (memory is
 * only taken as pages are used), then goes back to what it had. PostgreSQL: nothing to do.
 */
export const SQLITE_IMPORT_CACHE_KIB = 256 * 1024;

export async function withImportCache<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  const current = await sqliteCacheKib(db);
  if (current === null || current >= SQLITE_IMPORT_CACHE_KIB) return fn();
  const before = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]!.cache_size;
  await sql.raw(`pragma cache_size = -${SQLITE_IMPORT_CACHE_KIB}`).execute(db);
  try {
    return await fn();
  } finally {
    await sql.raw(`pragma cache_size = ${Number(before)}`).execute(db);
  }
}

/** The page cache of a SQLite connection in KiB; null on PostgreSQL. */
async function sqliteCacheKib(db: Kysely<Database>): Promise<number | null> {
  if (dialectOf(db) !== 'sqlite') return null;
  const current = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size;
  if (current === undefined) return null;
  // A negative size is in KiB already; a positive one counts pages.
  if (current < 0) return -current;
  const pageSize = (await sql<{ page_size: number }>`pragma page_size`.execute(db)).rows[0]?.page_size ?? 4096;
  return (current * pageSize) / 1024;
}
