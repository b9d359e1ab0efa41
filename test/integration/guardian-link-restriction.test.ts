import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures, DEMO_PASSWORD, signInByLink } from '../support/demo-people.ts';
import { HttpClient } from '../support/http-client.ts';

type Fixtures = Awaited<ReturnType<typeof demoFixtures>>;
type Link = { linkId: string; id: string; restricted: boolean; restriction?: { inForce: any; history: any[] } };

describe.each(dialects)('guardian link restrictions keep their history (ORG-4, issue 16 B5), on %s', (dialect) => {
  let b: TestBalise;
  let f: Fixtures;
  let principal: HttpClient, dg: HttpClient, teacher: HttpClient, guardian: HttpClient, student: HttpClient;
  let people: { principal: string; dg: string };
  /** Léa's links other than the demo parent's: the ones these tests restrict. */
  let leaLinks: { id: string; guardian_id: string }[];

  const k = () => b.db.kysely;
  const historyOf = (linkId: string) =>
    k().selectFrom('guardian_link_restriction_event').select(['n', 'event', 'reason', 'actor_id', 'at']).where('link_id', '=', linkId).orderBy('n').execute();
  const auditOf = async (action: string, linkId: string) =>
    (await k().selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', action).where('target_id', '=', linkId).orderBy('seq').execute())
      .map((r) => ({ actorId: r.actor_id, details: JSON.parse(r.details) }));
  const linkIn = async (client: HttpClient, linkId: string): Promise<Link | undefined> =>
    ((await client.get(`/api/students/${f.studentSelfId}`)).json.guardians as Link[]).find((g) => g.linkId === linkId);

  beforeAll(async () => {
    b = await startTestBalise(dialect);
    f = await demoFixtures(k());
    principal = await clientFor('principal', b.url, k());
    dg = await clientFor('directorGeneral', b.url, k());
    teacher = await clientFor('teacher', b.url, k());
    guardian = await clientFor('guardian', b.url, k());
    student = await clientFor('student', b.url, k());
    people = {
      principal: (await principal.get('/api/session')).json.person.id,
      dg: (await dg.get('/api/session')).json.person.id,
    };
    leaLinks = await k().selectFrom('guardian_link').select(['id', 'guardian_id']).where('student_id', '=', f.studentSelfId).where('guardian_id', '!=', f.guardianId).orderBy('id').execute();
  }, 60_000);
  afterAll(async () => b?.close());

  it('ORG-4 B5 restricting an already restricted link keeps the earlier court order in the history instead of overwriting it', async () => {
    const link = leaLinks[0]!.id;
    const first = await principal.post(`/api/guardian-links/${link}/restriction`, { reason: 'Ordonnance de garde du 2026-09-01' });
    expect(first.status).toBe(200);
    const second = await dg.post(`/api/guardian-links/${link}/restriction`, { reason: 'Nouvelle ordonnance du 2026-10-15' });
    expect(second.status).toBe(200);

    // The reason in force is the newest; the first one is still there, with who and when.
    const row = await k().selectFrom('guardian_link').select(['restricted', 'restricted_reason', 'restricted_by']).where('id', '=', link).executeTakeFirstOrThrow();
    expect(row).toEqual({ restricted: 1, restricted_reason: 'Nouvelle ordonnance du 2026-10-15', restricted_by: people.dg });
    const history = await historyOf(link);
    expect(history.map((h) => [Number(h.n), h.event, h.reason, h.actor_id])).toEqual([
      [1, 'restricted', 'Ordonnance de garde du 2026-09-01', people.principal],
      [2, 'restricted', 'Nouvelle ordonnance du 2026-10-15', people.dg],
    ]);
    for (const h of history) expect(Number.isNaN(Date.parse(h.at))).toBe(false);

    // The audit entries carry the reasons too.
    expect(await auditOf('guardian_link.restrict', link)).toEqual([
      { actorId: people.principal, details: { reason: 'Ordonnance de garde du 2026-09-01' } },
      { actorId: people.dg, details: { reason: 'Nouvelle ordonnance du 2026-10-15', replacedReason: 'Ordonnance de garde du 2026-09-01' } },
    ]);
    // The answer gives the school the link as it now stands.
    expect(second.json.link).toMatchObject({ linkId: link, restricted: true, restriction: { inForce: { reason: 'Nouvelle ordonnance du 2026-10-15' } } });
    expect(second.json.link.restriction.history).toHaveLength(2);
  });

  it('ORG-4 B5 lifting asks for a reason, and keeps the lifted restriction’s reason, author and date', async () => {
    const link = leaLinks[0]!.id;
    const noBody = await principal.delete(`/api/guardian-links/${link}/restriction`);
    expect(noBody.status).toBe(400);
    const tooShort = await principal.delete(`/api/guardian-links/${link}/restriction`, { reason: '  a ' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.json.error.code).toBe('invalid_input');
    expect((await k().selectFrom('guardian_link').select('restricted').where('id', '=', link).executeTakeFirstOrThrow()).restricted).toBe(1);

    const lifted = await principal.delete(`/api/guardian-links/${link}/restriction`, { reason: 'Ordonnance annulée en appel' });
    expect(lifted.status).toBe(200);
    expect(lifted.json.link).toMatchObject({ linkId: link, restricted: false, restriction: { inForce: null } });
    const history = await historyOf(link);
    expect(history.map((h) => [h.event, h.reason, h.actor_id])).toEqual([
      ['restricted', 'Ordonnance de garde du 2026-09-01', people.principal],
      ['restricted', 'Nouvelle ordonnance du 2026-10-15', people.dg],
      ['lifted', 'Ordonnance annulée en appel', people.principal],
    ]);
    expect(await auditOf('guardian_link.lift_restriction', link)).toEqual([
      { actorId: people.principal, details: { reason: 'Ordonnance annulée en appel', liftedReason: 'Nouvelle ordonnance du 2026-10-15' } },
    ]);

    // Lifting again (a second leader a moment later) changes and records nothing.
    expect((await dg.delete(`/api/guardian-links/${link}/restriction`, { reason: 'Levée en double' })).status).toBe(200);
    expect(await historyOf(link)).toHaveLength(3);
    expect(await auditOf('guardian_link.lift_restriction', link)).toHaveLength(1);
  });

  it('ORG-4 B5 A4 school and board leaders see the reason in force, who set it and when, and the history', async () => {
    const link = leaLinks[0]!.id;
    expect((await principal.post(`/api/guardian-links/${link}/restriction`, { reason: 'Ordonnance rétablie le 2026-12-01' })).status).toBe(200);
    for (const leader of [principal, dg]) {
      const file = (await leader.get(`/api/students/${f.studentSelfId}`)).json;
      expect(file.can).toEqual({ restrictLinks: true });
      expect(file.canRestrictLinks).toBe(true);
      expect(file.guardianList).toBe('every_link');
      const seen = (file.guardians as Link[]).find((g) => g.linkId === link)!;
      expect(seen.restricted).toBe(true);
      expect(seen.restriction!.inForce).toMatchObject({ reason: 'Ordonnance rétablie le 2026-12-01', by: { id: people.principal, givenName: 'Nathalie', familyName: 'Bouchard' } });
      expect(Number.isNaN(Date.parse(seen.restriction!.inForce.at))).toBe(false);
      expect(seen.restriction!.history.map((h: { event: string; reason: string }) => [h.event, h.reason])).toEqual([
        ['restricted', 'Ordonnance rétablie le 2026-12-01'],
        ['lifted', 'Ordonnance annulée en appel'],
        ['restricted', 'Nouvelle ordonnance du 2026-10-15'],
        ['restricted', 'Ordonnance de garde du 2026-09-01'],
      ]);
      // A link never restricted has an empty history.
      const other = (file.guardians as Link[]).find((g) => g.id === f.guardianId)!;
      expect(other.restriction).toEqual({ inForce: null, history: [] });
    }
  });

  it('ORG-4 B5 A4 a teacher sees that the link is restricted, not why; the guardians and the student see none of it', async () => {
    const link = leaLinks[0]!;
    const reasons = /Ordonnance|ordonnance|annulée/;
    // The teacher must know whom not to inform, not the court's reasons.
    const asTeacher = await teacher.get(`/api/students/${f.studentSelfId}`);
    expect(asTeacher.json.can).toEqual({ restrictLinks: false });
    expect(asTeacher.json.canRestrictLinks).toBe(false);
    const seen = (asTeacher.json.guardians as Link[]).find((g) => g.linkId === link.id)!;
    expect(seen.restricted).toBe(true);
    expect(seen).not.toHaveProperty('restriction');
    expect(asTeacher.text).not.toMatch(reasons);

    // The guardian concerned: no access to the file, the child gone from his list, no reason anywhere.
    const concerned = await signInByLink(b.url, k(), link.guardian_id);
    const denied = await concerned.get(`/api/students/${f.studentSelfId}`);
    expect(denied.status).toBe(403);
    expect(denied.text).not.toMatch(reasons);
    const children = await concerned.get('/api/children');
    expect(children.json.children.map((c: { id: string }) => c.id)).not.toContain(f.studentSelfId);
    expect(children.text).not.toMatch(reasons);

    // Another guardian of Léa sees her own link only; the student, nothing of the restricted one.
    const asGuardian = await guardian.get(`/api/students/${f.studentSelfId}`);
    expect(asGuardian.json.guardians.map((g: Link) => g.id)).toEqual([f.guardianId]);
    expect(asGuardian.json.can).toEqual({ restrictLinks: false });
    expect(asGuardian.text).not.toMatch(reasons);
    const asStudent = await student.get(`/api/students/${f.studentSelfId}`);
    expect(asStudent.json.guardians.map((g: Link) => g.linkId)).not.toContain(link.id);
    expect(asStudent.text).not.toMatch(reasons);
  });

  it('ORG-4 B5 a restriction of another school’s leader is refused and leaves the history untouched', async () => {
    const link = leaLinks[0]!.id;
    const before = await historyOf(link);
    const lac = new HttpClient(b.url);
    await lac.signIn('direction.lac', DEMO_PASSWORD);
    expect((await lac.delete(`/api/guardian-links/${link}/restriction`, { reason: 'Je lève la restriction' })).status).toBe(403);
    expect((await lac.post(`/api/guardian-links/${link}/restriction`, { reason: 'Une autre ordonnance' })).status).toBe(403);
    expect(await historyOf(link)).toEqual(before);
    expect((await linkIn(principal, link))!.restricted).toBe(true);
  });

  it('B7 A4 the student’s own file lists the guardians who receive the school’s information about her, never « none » while some are linked', async () => {
    const file = (await student.get(`/api/students/${f.studentSelfId}`)).json;
    const informed = await k()
      .selectFrom('guardian_link')
      .select('guardian_id')
      .where('student_id', '=', f.studentSelfId)
      .where('status', '=', 'active')
      .where('restricted', '=', 0)
      .execute();
    expect(informed.length).toBeGreaterThan(0);
    expect(file.guardianList).toBe('informed_guardians');
    expect(file.guardians.map((g: Link) => g.id).sort()).toEqual(informed.map((l) => l.guardian_id).sort());
    expect(file.guardians.every((g: Link & { givenName: string }) => g.givenName.length > 0 && !g.restricted && !('restriction' in g))).toBe(true);
    expect(file.can).toEqual({ restrictLinks: false });
  });
});
