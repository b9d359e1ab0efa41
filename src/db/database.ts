import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';
import { WaitingSqliteDialect, type SqliteHandle } from './sqlite/waiting-sqlite-dialect.ts';

/**
 * How long a statement waits for another SQLite connection's write lock before giving up: longer
 * than the largest roster import holds it (250,000 students: about 40 s), shorter than a person
 * would wait for a page.
 */
const SQLITE_LOCK_WAIT_MS = 60_000;

export type Dialect = 'sqlite' | 'postgres';
export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

// bigint columns (audit sequence, counts) come back from pg as strings by default.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(target: DatabaseTarget, opts: { poolSize?: number; sqliteLockWaitMs?: number } = {}): Db {
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: opts.poolSize ?? 10 });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const sqlite = new SQLite(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Never wait inside SQLite (that would stop the event loop): the dialect waits between turns.
  sqlite.pragma('busy_timeout = 0');
  const dialect = new WaitingSqliteDialect(withStatementCache(sqlite), opts.sqliteLockWaitMs ?? SQLITE_LOCK_WAIT_MS);
  const kysely = new Kysely<Database>({ dialect });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}

/** At most this many kept statements, and this much SQL text among them (a prepared
 * statement takes roughly 40 times its text in memory: ~1 MB of text is ~40 MB). */
const STATEMENT_CACHE_SIZE = 500;
const STATEMENT_CACHE_CHARS = 1024 * 1024;

/**
 * The connection as Kysely's SQLite driver sees it, keeping the statements it prepares.
 * The driver prepares every query afresh; parsing and planning the SQL cost more than running
 * most of our queries, so the connection keeps the most recently used statements by text
 * (SQLite re-prepares a kept statement by itself if the schema changes). A statement still
 * being iterated (a streamed query) is never handed out twice: a fresh one is prepared.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteHandle {
  const statements = new Map<string, SQLite.Statement>();
  let chars = 0;
  return {
    get inTransaction() {
      return sqlite.inTransaction;
    },
    prepare(sql: string): SQLite.Statement {
      const kept = statements.get(sql);
      if (kept && !kept.busy) {
        statements.delete(sql); // most recently used last
        statements.set(sql, kept);
        return kept;
      }
      const stmt = sqlite.prepare(sql);
      if (!kept && sql.length <= STATEMENT_CACHE_CHARS / 4) {
        statements.set(sql, stmt);
        chars += sql.length;
        while (statements.size > STATEMENT_CACHE_SIZE || chars > STATEMENT_CACHE_CHARS) {
          const oldest = statements.keys().next().value!;
          statements.delete(oldest);
          chars -= oldest.length;
        }
      }
      return stmt;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
}

/** Answers when the database does (health check). */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}
