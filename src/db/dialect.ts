import { PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';
import type { Dialect } from './database.ts';

/** Which of the two engines Balise runs on a connection (or transaction) talks to. */
export function dialectOf(db: Kysely<any>): Dialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error('Balise runs on SQLite or PostgreSQL only.');
}
