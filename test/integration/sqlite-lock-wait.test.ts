import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures } from '../support/demo-people.ts';
import { HttpClient } from '../support/http-client.ts';
import { access } from '../../src/server/access/route-access.ts';
import { DatabaseBusyError } from '../../src/db/sqlite/waiting-sqlite-dialect.ts';

/**
 * §4 / SEC-1 on the embedded SQLite database: while another process holds the write lock (the
 * CLI importing a roster), the server keeps answering; a read of personal information waits for
 * its audit entry to be committed, then is sent.
 */
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
    if (b.ctx.config.database.dialect !== 'sqlite') throw new Error('this test is about SQLite');
    const f = await demoFixtures(b.db.kysely);
    const teacher = await clientFor('teacher', b.url, b.db.kysely);
    const auditedReads = async () =>
      (await b.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'class_group.read_roster').where('target_id', '=', f.ownClassId).execute()).length;
    expect((await teacher.get(`/api/classes/${f.ownClassId}`)).status).toBe(200);
    const before = await auditedReads();

    const cli = new SQLite(b.ctx.config.database.file);
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

  it('SEC-4 a database that stays locked past the limit answers 503 database.busy in the user’s language', async () => {
    const fr = await new HttpClient(b.url).get('/test/busy');
    expect(fr.status).toBe(503);
    expect(fr.json.error).toEqual({ code: 'database.busy', message: 'Balise est occupé par une importation des listes d’élèves. Réessayez dans quelques minutes.' });
    const en = await new HttpClient(b.url, { 'accept-language': 'en' }).get('/test/busy');
    expect(en.json.error.message).toBe('Balise is busy with a roster import. Please try again in a few minutes.');
  });
});
