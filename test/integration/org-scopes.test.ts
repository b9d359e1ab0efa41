import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures } from '../support/demo-people.ts';
import type { HttpClient } from '../support/http-client.ts';
import { subjectsOfEntry } from '../../src/db/audit/audit-subjects.ts';

describe.each(dialects)('people see only their own scope, on %s', (dialect) => {
  let b: TestBalise;
  let f: Awaited<ReturnType<typeof demoFixtures>>;
  let teacher: HttpClient, principal: HttpClient, dg: HttpClient, guardian: HttpClient, student: HttpClient;

  beforeAll(async () => {
    b = await startTestBalise(dialect);
    f = await demoFixtures(b.db.kysely);
    const k = b.db.kysely;
    teacher = await clientFor('teacher', b.url, k);
    principal = await clientFor('principal', b.url, k);
    dg = await clientFor('directorGeneral', b.url, k);
    guardian = await clientFor('guardian', b.url, k);
    student = await clientFor('student', b.url, k);
  }, 60_000);
  afterAll(async () => b?.close());

  it('ORG-1 the demo board: 3 schools, 2 school years, 12 class groups, 300 students with guardians', async () => {
    const res = await dg.get('/api/admin/board');
    expect(res.json.counts).toMatchObject({ schools: 3, schoolYears: 2, classGroups: 12, students: 300 });
    expect(res.json.counts.guardians).toBeGreaterThan(300);
    expect(res.json.legalProfile.code).toBe('qc');
    const restricted = await b.db.kysely.selectFrom('guardian_link').select('id').where('restricted', '=', 1).execute();
    expect(restricted).toHaveLength(1);
  });

  it('a teacher sees only her class groups and their students', async () => {
    const classes = (await teacher.get('/api/classes')).json.classGroups;
    expect(classes.map((c: { id: string }) => c.id)).toEqual([f.ownClassId]);
    const roster = await teacher.get(`/api/classes/${f.ownClassId}`);
    expect(roster.status).toBe(200);
    expect(roster.json.students).toHaveLength(25);
    expect(roster.json.teachers.map((t: { id: string }) => t.id)).toEqual([f.teacherId]);
    expect((await teacher.get(`/api/classes/${f.otherSchoolClassId}`)).status).toBe(403);
    expect((await teacher.get('/api/schools')).json.schools).toEqual([]);
  });

  it('a principal sees his school, not the others', async () => {
    const schools = (await principal.get('/api/schools')).json.schools;
    expect(schools.map((s: { id: string }) => s.id)).toEqual([f.bleuetsId]);
    expect(schools[0].classGroupCount).toBe(4);
    const classes = (await principal.get('/api/classes')).json.classGroups;
    expect(classes).toHaveLength(4);
    expect(new Set(classes.map((c: { schoolId: string }) => c.schoolId))).toEqual(new Set([f.bleuetsId]));
    expect((await principal.get(`/api/schools/${f.lacId}`)).status).toBe(403);
  });

  it('the director general sees the whole board', async () => {
    expect((await dg.get('/api/classes')).json.classGroups).toHaveLength(12);
    expect((await dg.get('/api/schools')).json.schools).toHaveLength(3);
  });

  it('ORG-4 a guardian sees only his own children, nothing of the child whose link is restricted', async () => {
    const children = (await guardian.get('/api/children')).json.children;
    expect(children.map((c: { id: string }) => c.id).sort()).toEqual([...f.childIds].sort());
    expect(children.map((c: { id: string }) => c.id)).not.toContain(f.restrictedChildId);
    const denied = await guardian.get(`/api/students/${f.restrictedChildId}`);
    expect(denied.status).toBe(403);
    expect(denied.text).not.toMatch(/given|family/i);
    expect((await guardian.get('/api/classes')).json.classGroups).toEqual([]);
  });

  it('a guardian sees his child’s file with his own link only; staff see every guardian', async () => {
    const own = await guardian.get(`/api/students/${f.studentSelfId}`);
    expect(own.status).toBe(200);
    expect(own.json.guardians.map((g: { id: string }) => g.id)).toEqual([f.guardianId]);
    expect(own.json.canRestrictLinks).toBe(false);
    const staffView = await principal.get(`/api/students/${f.studentSelfId}`);
    expect(staffView.json.guardians.length).toBeGreaterThan(1);
    expect(staffView.json.canRestrictLinks).toBe(true);
  });

  it('a student sees herself only', async () => {
    expect((await student.get(`/api/students/${f.studentSelfId}`)).status).toBe(200);
    expect((await student.get(`/api/students/${f.restrictedChildId}`)).status).toBe(403);
  });

  it('ORG-4 restricting a link takes effect at once for that guardian only, and lifting it restores access', async () => {
    const child = f.childIds[0]!;
    const link = await b.db.kysely.selectFrom('guardian_link').select('id').where('guardian_id', '=', f.guardianId).where('student_id', '=', child).executeTakeFirstOrThrow();
    const otherGuardianLink = await b.db.kysely.selectFrom('guardian_link').select('guardian_id').where('student_id', '=', child).where('guardian_id', '!=', f.guardianId).executeTakeFirstOrThrow();

    const restrict = await principal.post(`/api/guardian-links/${link.id}/restriction`, { reason: 'Ordonnance de garde du 2026-11-20' });
    expect(restrict.status).toBe(200);
    expect((await guardian.get(`/api/students/${child}`)).status).toBe(403);
    expect((await guardian.get('/api/children')).json.children.map((c: { id: string }) => c.id)).not.toContain(child);
    const staffView = await principal.get(`/api/students/${child}`);
    expect(staffView.json.guardians.find((g: { linkId: string }) => g.linkId === link.id).restricted).toBe(true);
    const row = await b.db.kysely.selectFrom('guardian_link').selectAll().where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(row.restricted_reason).toBe('Ordonnance de garde du 2026-11-20');
    expect(await b.db.kysely.selectFrom('guardian_link').select('restricted').where('guardian_id', '=', otherGuardianLink.guardian_id).where('student_id', '=', child).executeTakeFirstOrThrow()).toEqual({ restricted: 0 });
    const audited = await b.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'guardian_link.restrict').executeTakeFirstOrThrow();
    expect(await subjectsOfEntry(b.db.kysely, audited.subject_ids)).toEqual([child, f.guardianId].sort());

    expect((await principal.delete(`/api/guardian-links/${link.id}/restriction`, { reason: 'Ordonnance levée par le tribunal' })).status).toBe(200);
    expect((await guardian.get(`/api/students/${child}`)).status).toBe(200);
  });

  it('bad input gets a 400 with a code and a message in the person’s language', async () => {
    const noReason = await principal.post(`/api/guardian-links/${f.otherGuardianLinkId}/restriction`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.code).toBe('invalid_input');
    expect(noReason.json.error.message).toMatch(/ne sont pas valides/);
    const english = await teacher.get('/api/classes/not-a-uuid', { cookie: `balise_lang=en; ${''}` });
    expect(english.status).toBe(400);
    const frenchUnknown = await teacher.get('/api/inexistant');
    expect(frenchUnknown.status).toBe(404);
    expect(frenchUnknown.json.error).toEqual({ code: 'not_found', message: 'Cette page ou cette ressource est introuvable.' });
  });
});
