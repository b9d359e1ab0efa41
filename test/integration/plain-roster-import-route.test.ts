import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestBalise } from '../support/balise.ts';
import { signInByLink } from '../support/demo-people.ts';
import { leaderClient, startRealBoard } from '../support/real-board.ts';
import { HttpClient } from '../support/http-client.ts';
import { form, rowCounts } from '../support/roster.ts';
import { setPassword } from '../../src/db/auth/credentials.ts';
import { hashPassword } from '../../src/server/auth/password-hash.ts';
import { subjectsOfEntry } from '../../src/db/audit/audit-subjects.ts';
import { parsePlainRoster } from '../../src/domain/roster/parse-plain-roster.ts';

const HEADER =
  'École,Code école,Année scolaire,Groupe,Niveau,eleve_id,eleve_prenom,eleve_nom,enseignant_courriel,enseignant_prenom,enseignant_nom,' +
  'parent1_courriel,parent1_prenom,parent1_nom,parent1_lien,parent2_courriel,parent2_prenom,parent2_nom,parent2_lien';
const LINES = [
  'École des Pins,PINS,2026-2027,5B,05,P-1001,Alice,Morin,prof.pins@exemple.ca,Julie,Fortin,c.morin@exemple.ca,Claire,Morin,mère,d.morin@exemple.ca,David,Morin,père',
  'École des Pins,PINS,2026-2027,5B,05,P-1002,Bruno,Morin,prof.pins@exemple.ca,Julie,Fortin,c.morin@exemple.ca,Claire,Morin,mère,,,,',
  'École des Pins,PINS,2026-2027,5B,05,P-1003,Chloé,Nadeau,prof.pins@exemple.ca,Julie,Fortin,e.nadeau@exemple.ca,Émile,Nadeau,tuteur,,,,',
];
const csvOf = (lines: readonly string[]) => `\ufeff${[HEADER, ...lines].join('\r\n')}\r\n`;

/** `confirmEnding`: the privacy officer confirmed an import that ends more than 10 % of the board (issue 16 B2). */
const upload = (c: HttpClient, lines: readonly string[], name = 'eleves.csv', confirmEnding = false) =>
  c.request('POST', `/api/admin/imports/csv${confirmEnding ? '?confirmEnding=true' : ''}`, form([{ name, data: csvOf(lines) }]));

const personBySource = (b: TestBalise, sourceId: string) =>
  b.db.kysely.selectFrom('person').select(['id', 'status', 'kind']).where('source_id', '=', sourceId).executeTakeFirstOrThrow();

describe.each(dialects)('ORG-2 plain CSV roster import (one line per student) on %s', (dialect) => {
  let b: TestBalise;
  let po: HttpClient;
  let classId: string;
  beforeAll(async () => {
    b = await startRealBoard(dialect);
    po = await leaderClient(b, 'privacy_officer');
  }, 60_000);
  afterAll(async () => b?.close());

  it('ORG-2 the privacy officer imports a plain CSV: school, year, group, students, teacher and guardians are created and audited', async () => {
    const before = await rowCounts(b);
    const res = await upload(po, LINES);
    expect(res.status).toBe(200);
    const c = res.json.importRun.counts;
    expect(c.schools.created).toBe(1);
    expect(c.schoolYears.created).toBe(1);
    expect(c.classes.created).toBe(1);
    // 3 students, 1 teacher, 3 guardians (Claire is the guardian of two siblings: one person).
    expect(c.persons.created).toBe(7);
    expect(c.enrollments.created).toBe(3);
    expect(c.guardianLinks.created).toBe(4);
    expect(c.roleAssignments.created).toBe(1);
    const after = await rowCounts(b);
    expect(after.person - before.person).toBe(7);

    const k = b.db.kysely;
    const group = await k.selectFrom('class_group').select(['id', 'name', 'grades']).where('source_id', '=', 'csv:class:PINS|2026-2027|5b').executeTakeFirstOrThrow();
    expect(group).toMatchObject({ name: '5B', grades: '05' });
    classId = group.id;
    const run = await k.selectFrom('import_run').select(['kind', 'status', 'source_label']).where('id', '=', res.json.importRun.id).executeTakeFirstOrThrow();
    expect(run).toEqual({ kind: 'csv', status: 'succeeded', source_label: 'web:eleves.csv' });
    const audit = await k.selectFrom('audit_log').selectAll().where('target_id', '=', res.json.importRun.id).executeTakeFirstOrThrow();
    expect(audit.action).toBe('roster.import');
    expect((await subjectsOfEntry(k, audit.subject_ids)).length).toBe(7);
    const board = (await po.get('/api/admin/board')).json;
    expect(board.imports[0]).toMatchObject({ id: res.json.importRun.id, format: 'csv', status: 'succeeded' });
  });

  it('ORG-2 the imported teacher signs in and sees her imported group; an imported guardian sees only his own child', async () => {
    const k = b.db.kysely;
    const teacher = await personBySource(b, 'csv:staff:prof.pins@exemple.ca');
    expect(teacher.kind).toBe('staff');
    await setPassword(k, teacher.id, await hashPassword('Pins-Enseignante-2026'));
    const t = new HttpClient(b.url);
    await t.signIn('prof.pins@exemple.ca', 'Pins-Enseignante-2026');
    const classes = (await t.get('/api/classes')).json.classGroups as { id: string }[];
    expect(classes.map((cl) => cl.id)).toEqual([classId]);
    const list = (await t.get(`/api/classes/${classId}`)).json;
    expect(list.students.map((s: { givenName: string }) => s.givenName).sort()).toEqual(['Alice', 'Bruno', 'Chloé']);

    const emile = await personBySource(b, 'csv:guardian:e.nadeau@exemple.ca');
    const g = await signInByLink(b.url, k, emile.id);
    const children = (await g.get('/api/children')).json.children as { givenName: string }[];
    expect(children.map((ch) => ch.givenName)).toEqual(['Chloé']);
  });

  it('ORG-2 importing the same file again changes nothing, even saved by a French spreadsheet (semicolons, Windows-1252)', async () => {
    const before = await rowCounts(b);
    const again = await upload(po, LINES);
    const spreadsheet = csvOf(LINES).replace(/^\ufeff/, '').replace(/,/g, ';');
    const asSaved = await po.request('POST', '/api/admin/imports/csv', form([{ name: 'eleves-excel.csv', data: Buffer.from(spreadsheet, 'latin1') }]));
    for (const res of [again, asSaved]) {
      expect(res.status).toBe(200);
      for (const entity of Object.values(res.json.importRun.counts) as { created: number; updated: number; ended: number }[]) {
        expect(entity).toMatchObject({ created: 0, updated: 0, ended: 0 });
      }
    }
    expect(await rowCounts(b)).toEqual(before);
  });

  it('ORG-2 a student missing from the next file leaves the group, and so does the guardian who was only hers; history is kept', async () => {
    const before = await rowCounts(b);
    // B2: one student of three is more than 10 % of the board: held until the privacy officer confirms.
    const held = await upload(po, LINES.slice(0, 2));
    expect(held.status).toBe(409);
    expect(held.json.error.code).toBe('roster.hold');
    expect(held.json.error.details.hold.examples.students).toEqual([expect.objectContaining({ name: 'Chloé Nadeau', sourceId: 'csv:student:P-1003' })]);
    expect(await rowCounts(b)).toEqual(before);
    const res = await upload(po, LINES.slice(0, 2), 'eleves.csv', true);
    expect(res.status).toBe(200);
    expect(res.json.importRun.counts.persons.ended).toBe(2); // Chloé and Émile
    expect(res.json.importRun.counts.enrollments.ended).toBe(1);
    expect(await rowCounts(b)).toEqual(before); // ended, not deleted
    expect((await personBySource(b, 'csv:student:P-1003')).status).toBe('ended');
    const dg = await leaderClient(b, 'director_general');
    const list = (await dg.get(`/api/classes/${classId}`)).json;
    expect(list.students.map((s: { givenName: string }) => s.givenName).sort()).toEqual(['Alice', 'Bruno']);
  });

  it('ORG-2 a bad line is reported with its line number in French, and nothing of that import is written', async () => {
    const before = await rowCounts(b);
    const bad = [LINES[0]!, LINES[1]!.replace('c.morin@exemple.ca', 'c.morin-at-exemple.ca'), LINES[2]!];
    const res = await upload(po, bad);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('roster.invalid');
    expect(res.json.error.message).toMatch(/Rien n’a été enregistré/);
    const first = res.json.error.details.errors[0];
    expect(first).toMatchObject({ file: 'eleves.csv', line: 3 });
    expect(first.message).toMatch(/^Ligne 3 de eleves\.csv/);
    expect(await rowCounts(b)).toEqual(before);
    const run = await b.db.kysely.selectFrom('import_run').select(['status', 'kind']).where('id', '=', res.json.error.details.importRunId).executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'failed', kind: 'csv' });
  });

  it('ORG-2 two files, a .zip or no file at all are refused with a clear message; other roles may not import', async () => {
    const two = await po.request('POST', '/api/admin/imports/csv', form([{ name: 'a.csv', data: csvOf(LINES) }, { name: 'b.csv', data: csvOf(LINES) }]));
    expect(two.status).toBe(422);
    expect(two.json.error.details.errors[0].code).toBe('roster.plain_one_file');
    expect(two.json.error.details.errors[0].message).toMatch(/un seul fichier/);
    const zip = await po.request('POST', '/api/admin/imports/csv', form([{ name: 'export.zip', data: 'PK' }]));
    expect(zip.status).toBe(400);
    expect(zip.json.error.code).toBe('roster.no_csv_file');
    const none = await po.request('POST', '/api/admin/imports/csv', form([]));
    expect(none.status).toBe(400);
    expect(none.json.error.message).toMatch(/un seul fichier \.csv/);
    const dg = await leaderClient(b, 'director_general');
    expect((await upload(dg, LINES)).status).toBe(403);
  });

  it('ORG-4 a restricted parent who changes e-mail address in the file stays restricted: his new record does not see the child', async () => {
    const k = b.db.kysely;
    expect((await upload(po, LINES)).status).toBe(200);
    const alice = await personBySource(b, 'csv:student:P-1001');
    const david = await personBySource(b, 'csv:guardian:d.morin@exemple.ca');
    const link = await k.selectFrom('guardian_link').select('id').where('guardian_id', '=', david.id).where('student_id', '=', alice.id).executeTakeFirstOrThrow();
    const dg = await leaderClient(b, 'director_general');
    expect((await dg.post(`/api/guardian-links/${link.id}/restriction`, { reason: 'Ordonnance de garde du 2026-10-02' })).status).toBe(200);

    const moved = [LINES[0]!.replace('d.morin@exemple.ca', 'david.morin@nouveau.ca'), ...LINES.slice(1)];
    // A guardian link of four ends (B2: more than 10 %): the privacy officer confirms.
    const res = await upload(po, moved, 'eleves.csv', true);
    expect(res.status).toBe(200);
    expect(res.json.importRun.restrictionsCarried).toBe(1);
    expect(res.json.importRun.counts.guardianLinks).toMatchObject({ created: 1, ended: 1 });

    const newDavid = await personBySource(b, 'csv:guardian:david.morin@nouveau.ca');
    const g = await signInByLink(b.url, k, newDavid.id);
    expect((await g.get('/api/children')).json.children).toEqual([]);
    expect((await g.get(`/api/students/${alice.id}`)).status).toBe(403);

    // Claire, Alice's other parent, still sees both her children; the school sees the carried restriction.
    const claire = await personBySource(b, 'csv:guardian:c.morin@exemple.ca');
    const c = await signInByLink(b.url, k, claire.id);
    expect(((await c.get('/api/children')).json.children as { givenName: string }[]).map((ch) => ch.givenName).sort()).toEqual(['Alice', 'Bruno']);
    const file = (await dg.get(`/api/students/${alice.id}`)).json;
    const guardians = file.guardians as { id: string; restricted: boolean }[];
    expect(guardians.find((x) => x.id === newDavid.id)).toMatchObject({ restricted: true });
    expect(guardians.find((x) => x.id === claire.id)).toMatchObject({ restricted: false });
  });

  it('ORG-2 the template downloads as a CSV that the import reads without error', async () => {
    const res = await po.get('/api/admin/imports/csv/template');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="balise-eleves-modele\.csv"/);
    const parsed = parsePlainRoster('balise-eleves-modele.csv', res.text);
    expect(parsed.ok).toBe(true);
  });
});
