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
  if (dialectOf(db) !== 'sqlite') return fn();
  const before = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size;
  if (before === undefined || (await cacheKib(db, Number(before))) >= SQLITE_IMPORT_CACHE_KIB) return fn();
  await sql.raw(`pragma cache_size = -${SQLITE_IMPORT_CACHE_KIB}`).execute(db);
  try {
    return await fn();
  } finally {
    await sql.raw(`pragma cache_size = ${Number(before)}`).execute(db);
  }
}

/** A SQLite `cache_size` in KiB: a negative size is in KiB already; a positive one counts pages. */
async function cacheKib(db: Kysely<Database>, cacheSize: number): Promise<number> {
  if (cacheSize < 0) return -cacheSize;
  const pageSize = (await sql<{ page_size: number }>`pragma page_size`.execute(db)).rows[0]?.page_size ?? 4096;
  return (cacheSize * pageSize) / 1024;
}
