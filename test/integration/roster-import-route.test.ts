import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, signInByLink } from '../support/demo-people.ts';
import type { HttpClient } from '../support/http-client.ts';
import { form, rowCounts } from '../support/roster.ts';
import { editTable, loadBaseSet, makeZip, setCell, type FileSet } from '../fixtures/oneroster/fixture-set.ts';
import { subjectsOfEntry } from '../../src/db/audit/audit-subjects.ts';

const zipOf = (set: FileSet) => makeZip([...set].map(([name, data]) => ({ name: `export/${name}`, data })));

describe.each(dialects)('ORG-2 roster import through the admin page route on %s', (dialect) => {
  let b: TestBalise;
  let po: HttpClient;
  beforeAll(async () => {
    b = await startTestBalise(dialect);
    po = await clientFor('privacyOfficer', b.url, b.db.kysely);
  }, 60_000);
  afterAll(async () => b?.close());

  it('the privacy officer uploads a .zip: everything is created, audited, and listed in the import history', async () => {
    const before = await rowCounts(b);
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'oneroster.zip', data: zipOf(loadBaseSet()) }]));
    expect(res.status).toBe(200);
    expect(res.json.importRun.counts.persons.created).toBeGreaterThan(20);
    const after = await rowCounts(b);
    expect(after.person - before.person).toBe(res.json.importRun.counts.persons.created);
    const board = (await po.get('/api/admin/board')).json;
    expect(board.imports[0]).toMatchObject({ status: 'succeeded', id: res.json.importRun.id });
    const audit = await b.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'roster.import').executeTakeFirstOrThrow();
    expect(audit.target_id).toBe(res.json.importRun.id);
    expect((await subjectsOfEntry(b.db.kysely, audit.subject_ids)).length).toBe(res.json.importRun.counts.persons.created);
  });

  it('SEC-4 only the import routes take uploads: a file sent to another route is refused as an unsupported format', async () => {
    const res = await po.request('POST', '/api/admin/audit/verify', form([{ name: 'oneroster.zip', data: zipOf(loadBaseSet()) }]));
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe('unsupported_media_type');
    expect(res.json.error.message).toBe('Format de requête non pris en charge.');
  });

  it('re-importing the same set as separate .csv files changes nothing', async () => {
    const before = await rowCounts(b);
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([...loadBaseSet()].map(([name, data]) => ({ name, data }))));
    expect(res.status).toBe(200);
    expect(res.json.importRun.counts.persons.created).toBe(0);
    expect(res.json.importRun.counts.persons.updated).toBe(0);
    expect(await rowCounts(b)).toEqual(before);
  });

  it('an imported guardian signs in and sees the imported child', async () => {
    const k = b.db.kysely;
    const guardian = await k.selectFrom('person').select('id').where('source_id', '=', 'gu-01').executeTakeFirstOrThrow();
    const c = await signInByLink(b.url, k, guardian.id);
    const children = (await c.get('/api/children')).json.children;
    expect(children.map((ch: { givenName: string; familyName: string }) => `${ch.givenName} ${ch.familyName}`)).toContain('Léa Tremblay');
  });

  it('a bad line is reported with file, line and reason in French, and nothing of that import is written', async () => {
    const before = await rowCounts(b);
    const bad = editTable(loadBaseSet(), 'users.csv', (rows) => setCell(rows, 'st-02', 'role', 'astronaute'));
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'export.zip', data: zipOf(bad) }]));
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('roster.invalid');
    expect(res.json.error.message).toMatch(/Rien n’a été enregistré/);
    const first = res.json.error.details.errors[0];
    expect(first).toMatchObject({ file: 'users.csv', line: 3 });
    expect(typeof first.message === 'string' ? first.message : first.message.fr).toMatch(/astronaute/);
    expect(await rowCounts(b)).toEqual(before);
    const run = await b.db.kysely.selectFrom('import_run').select(['status']).where('id', '=', res.json.error.details.importRunId).executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
  });

  it('no file at all is a clear 400-class error, and other roles may not import', async () => {
    const empty = await po.request('POST', '/api/admin/imports/oneroster', form([]));
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.status).toBeLessThan(500);
    expect(empty.json.error.message.length).toBeGreaterThan(5);
    const dg = await clientFor('directorGeneral', b.url, b.db.kysely);
    expect((await dg.request('POST', '/api/admin/imports/oneroster', form([{ name: 'x.zip', data: zipOf(loadBaseSet()) }]))).status).toBe(403);
  });
});
