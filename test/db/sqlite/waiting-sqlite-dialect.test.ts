import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../../src/db/database.ts';
import { DatabaseBusyError } from '../../../src/db/sqlite/waiting-sqlite-dialect.ts';

/**
 * SEC-4 / §4: on SQLite another connection (the CLI importing a roster) may hold the write lock
 * for seconds. The server must keep answering meanwhile, and its own writes must wait, then land.
 */
describe('SEC-4 SQLite: waiting for another connection’s write lock never stops the server', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let other: SQLite.Database;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-lock-'));
    file = path.join(dir, 'balise.sqlite');
    db = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(db);
    other = new SQLite(file);
  });
  afterEach(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const addBoard = (kysely = db.kysely, name = 'CSS des Bleuets') =>
    kysely
      .insertInto('board')
      .values({ id: randomUUID(), name, legal_profile: 'qc', default_locale: 'fr', source_id: null, created_at: new Date().toISOString() })
      .execute();
  const boardNames = async () => (await db.kysely.selectFrom('board').select('name').orderBy('name').execute()).map((b) => b.name);
  /** Resolves after `ms` only if the event loop is free to run timers meanwhile. */
  const turn = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
  const watch = <T>(p: Promise<T>) => {
    const state = { settled: false };
    p.then(
      () => (state.settled = true),
      () => (state.settled = true),
    );
    return state;
  };

  test('SEC-4 a write waits for the lock while timers and reads go on, then lands once the lock is let go', async () => {
    other.exec('begin immediate');
    const write = addBoard();
    const written = watch(write);
    await turn();
    expect(written.settled).toBe(false);
    // Reads are not held up by the waiting write (WAL readers never wait for writers).
    expect(await boardNames()).toEqual([]);
    await turn();
    expect(written.settled).toBe(false);
    other.exec('commit');
    await write;
    expect(await boardNames()).toEqual(['CSS des Bleuets']);
  });

  test('SEC-4 a transaction starts only once it holds the lock: none of its statements runs before', async () => {
    other.exec('begin immediate');
    other.prepare("insert into board (id, name, legal_profile, default_locale, source_id, created_at) values ('b-cli', 'Importé par la CLI', 'qc', 'fr', null, '2026-11-24T00:00:00.000Z')").run();
    const steps: string[] = [];
    const trx = db.kysely.transaction().execute(async (t) => {
      steps.push('began');
      // It sees what the other connection committed before it began.
      steps.push(...(await t.selectFrom('board').select('name').execute()).map((b) => b.name));
      await addBoard(t as never, 'Dans la transaction');
    });
    await turn();
    expect(steps).toEqual([]);
    other.exec('commit');
    await trx;
    expect(steps).toEqual(['began', 'Importé par la CLI']);
    expect(await boardNames()).toEqual(['Dans la transaction', 'Importé par la CLI']);
  });

  test('SEC-4 writers waiting together all land, in one piece each', async () => {
    other.exec('begin immediate');
    const writes = Array.from({ length: 5 }, (_, i) =>
      db.kysely.transaction().execute(async (t) => {
        await addBoard(t as never, `Conseil ${i} a`);
        await turn(1);
        await addBoard(t as never, `Conseil ${i} b`);
      }),
    );
    await turn();
    other.exec('commit');
    await Promise.all(writes);
    expect(await boardNames()).toEqual(Array.from({ length: 5 }, (_, i) => [`Conseil ${i} a`, `Conseil ${i} b`]).flat());
  });

  test('SEC-4 after the wait limit the write fails with DatabaseBusyError and nothing of it is written', async () => {
    const impatient = openDatabase({ dialect: 'sqlite', file }, { sqliteLockWaitMs: 100 });
    try {
      other.exec('begin immediate');
      await expect(addBoard(impatient.kysely)).rejects.toBeInstanceOf(DatabaseBusyError);
      await expect(impatient.kysely.transaction().execute((t) => addBoard(t as never))).rejects.toBeInstanceOf(DatabaseBusyError);
      other.exec('rollback');
      expect(await boardNames()).toEqual([]);
      // The connection is usable again afterwards.
      await addBoard(impatient.kysely);
      expect(await boardNames()).toEqual(['CSS des Bleuets']);
    } finally {
      await impatient.close();
    }
  });
});
