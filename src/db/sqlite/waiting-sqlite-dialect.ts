import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type SQLite from 'better-sqlite3';

/** What the dialect needs of a better-sqlite3 database (the statement cache of database.ts is one). */
export interface SqliteHandle {
  prepare(sql: string): SQLite.Statement;
  readonly inTransaction: boolean;
  close(): void;
}

/** Another connection (the CLI importing a roster, a second process) kept the write lock too long. */
export class DatabaseBusyError extends Error {
  constructor(waitedMs: number) {
    super(`SQLite database still locked by another connection after ${waitedMs} ms`);
    this.name = 'DatabaseBusyError';
  }
}

const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 50;

const isBusy = (err: unknown) => (err as { code?: string } | null)?.code === 'SQLITE_BUSY';

/**
 * Kysely's SQLite dialect, except in how it waits for another connection's write lock.
 *
 * better-sqlite3 is synchronous: with a busy timeout, a statement that meets another connection's
 * write lock (a roster import from the command line holds it for seconds) sleeps inside SQLite and
 * the whole server stops answering, then fails once the timeout is reached. Here the connection's
 * busy timeout is zero and waiting happens between event-loop turns: the caller lets go of the
 * connection, pauses, takes it back and tries again, while other requests (reads, which WAL never
 * blocks) go on. Every transaction begins IMMEDIATE, so the write lock is taken — or waited for —
 * at its first statement, never in the middle of it. A caller inside a transaction never meets
 * the lock: it already holds it.
 */
export class WaitingSqliteDialect implements Dialect {
  constructor(
    private readonly database: SqliteHandle,
    private readonly maxWaitMs: number,
  ) {}

  createDriver(): Driver {
    return new WaitingSqliteDriver(this.database, this.maxWaitMs);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

/** One connection, handed to one caller at a time (as Kysely's own SQLite driver does). */
class ConnectionMutex {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  async lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  unlock(): void {
    const next = this.waiting.shift();
    if (next) next(); // handed over: still held
    else this.held = false;
  }
}

class WaitingSqliteDriver implements Driver {
  private readonly mutex = new ConnectionMutex();
  private readonly connection: WaitingSqliteConnection;

  constructor(
    private readonly database: SqliteHandle,
    maxWaitMs: number,
  ) {
    this.connection = new WaitingSqliteConnection(database, this.mutex, maxWaitMs);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.database.close();
  }
}

class WaitingSqliteConnection implements DatabaseConnection {
  constructor(
    private readonly database: SqliteHandle,
    private readonly mutex: ConnectionMutex,
    private readonly maxWaitMs: number,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.run<R>(compiledQuery));
    } catch (err) {
      // Inside a transaction the write lock is ours: a busy error there is not a wait.
      if (!isBusy(err) || this.database.inTransaction) return Promise.reject(err);
      return this.retryWhenFree<R>(compiledQuery);
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error('SQLite only streams select queries');
    const stmt = this.database.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }

  private run<R>({ sql, parameters }: CompiledQuery): QueryResult<R> {
    const stmt = this.database.prepare(sql);
    if (stmt.reader) return { rows: stmt.all(parameters as unknown[]) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters as unknown[]);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /** Lets go of the connection between attempts, so that others use it while the lock is taken. */
  private async retryWhenFree<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const started = performance.now();
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      const waited = performance.now() - started;
      if (waited >= this.maxWaitMs) throw new DatabaseBusyError(Math.round(waited));
      this.mutex.unlock();
      try {
        await new Promise((resolve) => setTimeout(resolve, pause));
      } finally {
        await this.mutex.lock();
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
      try {
        return this.run<R>(compiledQuery);
      } catch (err) {
        if (!isBusy(err) || this.database.inTransaction) throw err;
      }
    }
  }
}
