import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures } from '../support/demo-people.ts';
import { HttpClient } from '../support/http-client.ts';
import { access } from '../../src/server/access/route-access.ts';
import { DatabaseBusyError } from '../../src/db/sqlite/waiting-sqlite-dialect.ts';
import { generateOneRosterSet } from '../../bench/generate-oneroster.ts';
import { removeDemoData } from '../../src/server/demo/remove-demo-data.ts';
import { consoleCall } from '../../src/server/access/call.ts';
import { leaderClient } from '../support/real-board.ts';
import type { ImportRun as ImportRunView } from '../../src/api/roster-imports.ts';

/**
 * §4 / SEC-1 on the embedded SQLite database: while another process holds the write lock (the
 * CLI importing a roster), the server keeps answering; a read of personal information waits for
 * its audit entry to be committed, then is sent.
 */
const sqliteFile = (b: TestBalise) => {
  const target = b.ctx.config.database;
  if (target.dialect !== 'sqlite') throw new Error('these tests are about SQLite');
  return target.file;
};

describe('SEC-1 the server keeps answering while another process holds the SQLite write lock', () => {
  let b: TestBalise;
  beforeAll(async () => {
    b = await startTestBalise('sqlite', {}, {
      extraRoutes: (app) =>
        app.get('/test/busy', { config: { access: access.public('test only: a database that stayed locked') } }, () => {
          throw new DatabaseBusyError(60_000);
        }),
    });
  }, 60_000);
  afterAll(async () => b?.close());

  it('SEC-1 a class list read waits for its audit entry while health checks are answered, then is sent and logged', async () => {
    const f = await demoFixtures(b.db.kysely);
    const teacher = await clientFor('teacher', b.url, b.db.kysely);
    const auditedReads = async () =>
      (await b.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'class_group.read_roster').where('target_id', '=', f.ownClassId).execute()).length;
    expect((await teacher.get(`/api/classes/${f.ownClassId}`)).status).toBe(200);
    const before = await auditedReads();

    const cli = new SQLite(sqliteFile(b));
    try {
      cli.exec('begin immediate');
      let answered = false;
      const read = teacher.get(`/api/classes/${f.ownClassId}`).then((res) => ((answered = true), res));
      const health = await new HttpClient(b.url).get('/healthz');
      expect(health.status).toBe(200);
      expect((await new HttpClient(b.url).get('/api/session')).status).toBe(200);
      expect(answered).toBe(false);
      cli.exec('commit');
      const res = await read;
      expect(res.status).toBe(200);
      expect(res.json.students.length).toBeGreaterThan(0);
      expect(await auditedReads()).toBe(before + 1);
    } finally {
      if (cli.inTransaction) cli.exec('rollback');
      cli.close();
    }
  });

  it('ORG-2 B8 a large roster imported from the administration page runs beside the server: others are answered meanwhile, and its progress can be followed', async () => {
    // A roster comes into a real board only (issue 16 B1): the demo goes first.
    await removeDemoData(b.ctx, consoleCall);
    const po = await leaderClient(b, 'privacy_officer');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-big-roster-'));
    try {
      generateOneRosterSet(dir, { students: 10_000, guardians: 20_000 });
      const body = new FormData();
      for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
        body.append('files', new Blob([new Uint8Array(fs.readFileSync(path.join(dir, name)))]), name);
      }
      const accepted = await po.request('POST', '/api/admin/imports/oneroster', body, { prefer: 'respond-async' });
      expect(accepted.status).toBe(202);
      const id = accepted.json.importRun.id as string;
      const seen: ImportRunView[] = [];
      const look = async () => {
        const res = await po.get(`/api/admin/imports/${id}`);
        expect(res.status).toBe(200);
        seen.push(res.json.importRun);
        return res.json.importRun as ImportRunView;
      };
      // Wait until the import holds the write lock (it has begun writing), then ask for other pages.
      let locked = false;
      for (let i = 0; i < 600 && !locked && (await look()).status === 'running'; i++) {
        const probe = new SQLite(sqliteFile(b));
        try {
          probe.pragma('busy_timeout = 0');
          probe.exec('begin immediate');
          probe.exec('rollback');
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_BUSY') locked = true;
          else throw err;
        } finally {
          probe.close();
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(locked).toBe(true);
      expect((await new HttpClient(b.url).get('/healthz')).status).toBe(200);
      expect((await new HttpClient(b.url).get('/api/session')).status).toBe(200);
      // While it writes, the page sees where it is.
      const writing = await look();
      expect(writing).toMatchObject({ status: 'running', progress: { phase: 'writing' } });
      let run = writing;
      for (let i = 0; i < 1200 && run.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 25));
        run = await look();
      }
      expect(run.status).toBe('succeeded');
      expect(run.counts.persons!.created).toBeGreaterThan(30_000);
      expect(run.progress).toMatchObject({ phase: 'done', rowsWritten: run.progress.rowsToWrite, rowsChecked: run.progress.rowsTotal });
      const written = seen.filter((v) => v.status === 'running' && v.progress.phase === 'writing').map((v) => v.progress.rowsWritten);
      expect(written.some((n) => n > 0 && n < run.progress.rowsToWrite)).toBe(true);
      expect(written).toEqual([...written].sort((x, y) => x - y));
      const board = (await po.get('/api/admin/board')).json;
      expect(board.imports[0]).toMatchObject({ id, status: 'succeeded' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SEC-4 a database that stays locked past the limit answers 503 database.busy in the user’s language', async () => {
    const fr = await new HttpClient(b.url).get('/test/busy');
    expect(fr.status).toBe(503);
    expect(fr.json.error).toEqual({ code: 'database.busy', message: 'Balise est occupé par une importation des listes d’élèves. Réessayez dans quelques minutes.' });
    const en = await new HttpClient(b.url, { 'accept-language': 'en' }).get('/test/busy');
    expect(en.json.error.message).toBe('Balise is busy with a roster import. Please try again in a few minutes.');
  });
});
