import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, signInByLink } from '../support/demo-people.ts';
import type { HttpClient } from '../support/http-client.ts';
import { leaderClient, startRealBoard } from '../support/real-board.ts';
import { form, rowCounts } from '../support/roster.ts';
import { editTable, loadBaseSet, makeZip, readTable, setCell, writeTable, type FileSet } from '../fixtures/oneroster/fixture-set.ts';
import { subjectsOfEntry } from '../../src/db/audit/audit-subjects.ts';
import { uploadsDir } from '../../src/server/roster/store-upload.ts';

const zipOf = (set: FileSet) => makeZip([...set].map(([name, data]) => ({ name: `export/${name}`, data })));
/** Every file with its header and no rows, as a broken export gives. */
const headersOnly = (set: FileSet): FileSet => new Map([...set].map(([name, text]) => [name, name === 'manifest.csv' ? text : writeTable([readTable(text)[0]!])]));

/** Follows an import started with `Prefer: respond-async` until it is done; every answer seen on the way. */
async function follow(c: HttpClient, id: string) {
  const seen: { status: string; progress: { phase: string } }[] = [];
  for (let i = 0; i < 600; i++) {
    const res = await c.get(`/api/admin/imports/${id}`);
    expect(res.status).toBe(200);
    seen.push(res.json.importRun);
    if (res.json.importRun.status !== 'running') return { run: res.json.importRun, seen };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import never finished');
}

describe.each(dialects)('ORG-2 roster import through the admin page route on %s', (dialect) => {
  let b: TestBalise;
  let po: HttpClient;
  beforeAll(async () => {
    b = await startRealBoard(dialect);
    po = await leaderClient(b, 'privacy_officer');
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

  it('B8 a failed import reopened from the history shows its errors in the reader’s language, and the reading is audited', async () => {
    const bad = editTable(loadBaseSet(), 'users.csv', (rows) => setCell(rows, 'st-02', 'role', 'astronaute'));
    const refused = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'export.zip', data: zipOf(bad) }]));
    const id = refused.json.error.details.importRunId as string;
    const board = (await po.get('/api/admin/board')).json;
    expect(board.imports[0]).toMatchObject({ id, status: 'failed', errorCount: 1 });
    const fr = await po.get(`/api/admin/imports/${id}`);
    expect(fr.status).toBe(200);
    expect(fr.json.importRun).toMatchObject({ id, status: 'failed', format: 'oneroster', sourceLabel: 'web:export.zip', hold: null, progress: { phase: 'done' } });
    expect(fr.json.importRun.errors).toEqual([{ file: 'users.csv', line: 3, code: refused.json.error.details.errors[0].code, message: refused.json.error.details.errors[0].message }]);
    po.setCookie('balise_lang', 'en');
    const en = await po.get(`/api/admin/imports/${id}`);
    po.setCookie('balise_lang', 'fr');
    expect(en.json.importRun.errors[0].message).toMatch(/^Line 3 of users\.csv/);
    const read = await b.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'roster.read_import_run').where('target_id', '=', id).execute();
    expect(read.length).toBeGreaterThanOrEqual(2);
    expect(read[0]).toMatchObject({ outcome: 'succeeded', scope_type: 'board' });
    expect((await po.get('/api/admin/imports/7d0c8b5e-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('ORG-2 B2 a package with headers and no rows is held: 409 roster.hold says how many would end, names some, writes nothing', async () => {
    const before = await rowCounts(b);
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'vide.zip', data: zipOf(headersOnly(loadBaseSet())) }]));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('roster.hold');
    expect(res.json.error.message).toMatch(/^Importation suspendue : elle mettrait fin à 10 élève\(s\), 5 membre\(s\) du personnel et 13 lien\(s\) parent-élève, soit plus de 10 %/);
    expect(res.json.error.message).toMatch(/Rien n’a été enregistré/);
    const hold = res.json.error.details.hold;
    expect(hold.ending.students).toEqual({ ending: 10, active: 10 });
    expect(hold.examples.students).toHaveLength(5);
    expect(hold.examples.students[0]).toEqual({ id: expect.any(String), sourceId: expect.stringMatching(/^st-/), name: expect.stringMatching(/\S+ \S+/) });
    expect(await rowCounts(b)).toEqual(before);
    const id = res.json.error.details.importRunId as string;
    const run = (await po.get(`/api/admin/imports/${id}`)).json.importRun;
    expect(run).toMatchObject({ status: 'held', hold: { ending: hold.ending } });
    const entry = await b.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'roster.import_held').where('target_id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details)).toMatchObject({ source: 'web:vide.zip', over: ['students', 'staff', 'guardianLinks'] });
  });

  it('ORG-2 B2 the privacy officer confirms: the same file, sent again with confirmEnding=true, ends what it said', async () => {
    const empty = headersOnly(loadBaseSet());
    const res = await po.request('POST', '/api/admin/imports/oneroster?confirmEnding=true', form([{ name: 'vide.zip', data: zipOf(empty) }]));
    expect(res.status).toBe(200);
    expect(res.json.importRun.counts.persons).toMatchObject({ ended: 27 });
    const entry = await b.db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', res.json.importRun.id).where('action', '=', 'roster.import').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details).endingConfirmed).toEqual({ students: 10, staff: 5, guardianLinks: 13 });
    // Everyone is back with the full file: nothing ends, nothing is held.
    expect((await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'oneroster.zip', data: zipOf(loadBaseSet()) }]))).status).toBe(200);
  });

  it('ORG-2 B8 with Prefer: respond-async the import answers 202 at once; its run is followed to its end', async () => {
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'oneroster.zip', data: zipOf(loadBaseSet()) }]), { prefer: 'respond-async' });
    expect(res.status).toBe(202);
    expect(res.headers.get('preference-applied')).toBe('respond-async');
    const id = res.json.importRun.id as string;
    expect(res.headers.get('location')).toBe(`/api/admin/imports/${id}`);
    const { run } = await follow(po, id);
    expect(run).toMatchObject({ status: 'succeeded', progress: { phase: 'done' }, errors: [], hold: null, finishedAt: expect.any(String) });
    expect(run.counts.persons).toMatchObject({ unchanged: 27 });
    expect(run.progress.rowsTotal).toBeGreaterThan(50);
    expect(run.progress.rowsChecked).toBe(run.progress.rowsTotal);
    expect(run.progress.filesRead).toBe(run.progress.filesTotal);
  });

  it('ORG-2 B3 the parser’s warnings come with the result in the reader’s language, and stay with the run', async () => {
    const repeated = editTable(loadBaseSet(), 'enrollments.csv', (rows) => {
      const first = rows.find((r) => r[0] === 'en-5a-st01')!;
      rows.push(['en-5a-st01-bis', ...first.slice(1)]);
    });
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'oneroster.zip', data: zipOf(repeated) }]));
    expect(res.status).toBe(200);
    // Stored once: the base set's 18 enrollments, whether new or already there.
    const e = res.json.importRun.counts.enrollments;
    expect(e.created + e.unchanged).toBe(18);
    const warning = { file: 'enrollments.csv', line: expect.any(Number), code: 'roster.duplicate_enrollment', message: expect.stringMatching(/en-5a-st01-bis/) };
    expect(res.json.importRun.warnings).toEqual([warning]);
    const run = (await po.get(`/api/admin/imports/${res.json.importRun.id}`)).json.importRun;
    expect(run.warnings).toEqual(res.json.importRun.warnings);
    const entry = await b.db.kysely.selectFrom('audit_log').selectAll().where('target_id', '=', res.json.importRun.id).where('action', '=', 'roster.import').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details).warnings).toBe(1);
  });

  it('A6 an upload waits on disk, under the data directory, while its import runs, and is removed once it is done', async () => {
    const uploads = uploadsDir(b.ctx.config.dataDir);
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'oneroster.zip', data: zipOf(loadBaseSet()) }]), { prefer: 'respond-async' });
    expect(res.status).toBe(202);
    const waiting = fs.readdirSync(uploads);
    expect(waiting).toHaveLength(1);
    expect(fs.readdirSync(path.join(uploads, waiting[0]!)).map((f) => fs.statSync(path.join(uploads, waiting[0]!, f)).size)).toEqual([zipOf(loadBaseSet()).length]);
    await follow(po, res.json.importRun.id);
    await expect.poll(() => fs.readdirSync(uploads), { timeout: 5_000 }).toEqual([]);
    // A refused upload goes too.
    expect((await po.request('POST', '/api/admin/imports/csv', form([{ name: 'export.zip', data: 'PK' }]))).status).toBe(400);
    expect(fs.readdirSync(uploads)).toEqual([]);
  });

  it('no file at all is a clear 400-class error, and other roles may not import nor read an import', async () => {
    const empty = await po.request('POST', '/api/admin/imports/oneroster', form([]));
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.status).toBeLessThan(500);
    expect(empty.json.error.message.length).toBeGreaterThan(5);
    const dg = await leaderClient(b, 'director_general');
    expect((await dg.request('POST', '/api/admin/imports/oneroster', form([{ name: 'x.zip', data: zipOf(loadBaseSet()) }]))).status).toBe(403);
    // A6: a refused caller's upload is never written to disk.
    const uploads = uploadsDir(b.ctx.config.dataDir);
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
    const run = await b.db.kysely.selectFrom('import_run').select('id').executeTakeFirstOrThrow();
    expect((await dg.get(`/api/admin/imports/${run.id}`)).status).toBe(403);
  });
});

describe.each(dialects)('ORG-2 B1 a board holding the demonstration data takes no roster, on %s', (dialect) => {
  let b: TestBalise;
  beforeAll(async () => {
    b = await startTestBalise(dialect);
  }, 60_000);
  afterAll(async () => b?.close());

  it('ORG-2 B1 the import is refused with 409 roster.demo_present, saying how to remove the demo; nothing is written', async () => {
    const po = await clientFor('privacyOfficer', b.url, b.db.kysely);
    const before = await rowCounts(b);
    const runs = await b.db.kysely.selectFrom('import_run').select('id').execute();
    const res = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'oneroster.zip', data: zipOf(loadBaseSet()) }]));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('roster.demo_present');
    expect(res.json.error.message).toContain('npx balise demo remove');
    expect(await rowCounts(b)).toEqual(before);
    expect(await b.db.kysely.selectFrom('import_run').select('id').execute()).toEqual(runs);
  });
});
