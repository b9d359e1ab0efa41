import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures } from '../support/demo-people.ts';
import { openDatabase } from '../../src/db/database.ts';
import { subjectsOfEntry } from '../../src/db/audit/audit-subjects.ts';

describe.each(dialects)('ORG-4 A1 a change made by another instance takes effect at the next request, on %s', (dialect) => {
  let b: TestBalise;
  beforeAll(async () => {
    b = await startTestBalise(dialect);
  }, 60_000);
  afterAll(async () => b?.close());

  it('a link restricted from another process, and a session ended there, stop working here at the next request', async () => {
    const f = await demoFixtures(b.db.kysely);
    const guardian = await clientFor('guardian', b.url, b.db.kysely);
    const child = f.childIds[0]!;
    expect((await guardian.get(`/api/students/${child}`)).status).toBe(200);
    const other = openDatabase(b.ctx.config.database);
    try {
      await sql`update guardian_link set restricted = 1 where guardian_id = ${f.guardianId} and student_id = ${child}`.execute(other.kysely);
      expect((await guardian.get(`/api/students/${child}`)).status).toBe(403);

      const teacher = await clientFor('teacher', b.url, b.db.kysely);
      expect((await teacher.get('/api/classes')).status).toBe(200);
      await sql`delete from session where person_id = ${f.teacherId}`.execute(other.kysely);
      expect((await teacher.get('/api/classes')).status).toBe(401);
    } finally {
      await other.close();
    }
  }, 30_000);

  it('ORG-2 a student who left a class leaves its list: at once, whichever instance wrote it', async () => {
    const f = await demoFixtures(b.db.kysely);
    const teacher = await clientFor('teacher', b.url, b.db.kysely);
    const list = async () => ((await teacher.get(`/api/classes/${f.ownClassId}`)).json.students as { id: string }[]).map((s) => s.id);
    const [first, second] = await list();
    await b.ctx.db.kysely.updateTable('enrollment').set({ status: 'ended' }).where('person_id', '=', first!).where('class_group_id', '=', f.ownClassId).execute();
    expect(await list()).not.toContain(first);
    const lastRead = await b.db.kysely.selectFrom('audit_log').select('subject_ids').where('action', '=', 'class_group.read_roster').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(await subjectsOfEntry(b.db.kysely, lastRead.subject_ids)).not.toContain(first);

    const other = openDatabase(b.ctx.config.database);
    try {
      await sql`update enrollment set status = 'ended' where person_id = ${second!} and class_group_id = ${f.ownClassId}`.execute(other.kysely);
      expect(await list()).not.toContain(second);
    } finally {
      await other.close();
    }
  }, 30_000);
});
