import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures } from '../support/demo-people.ts';
import { openDatabase } from '../../src/db/database.ts';
import { CACHE_TTL_MS } from '../../src/server/cache/short-lived-cache.ts';
import { subjectsOfEntry } from '../../src/db/audit/audit-subjects.ts';

const waitUntil = async (check: () => Promise<boolean>, limitMs: number) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > limitMs) return Infinity;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
};

describe.each(dialects)('ORG-4 a change made by another instance takes effect within the cache bound, on %s', (dialect) => {
  let b: TestBalise;
  beforeAll(async () => {
    b = await startTestBalise(dialect);
  }, 60_000);
  afterAll(async () => b?.close());

  it('a link restricted from another process, and a session ended there, stop working here within the bound', async () => {
    const f = await demoFixtures(b.db.kysely);
    const guardian = await clientFor('guardian', b.url, b.db.kysely);
    const child = f.childIds[0]!;
    expect((await guardian.get(`/api/students/${child}`)).status).toBe(200);
    const other = openDatabase(b.ctx.config.database);
    try {
      await sql`update guardian_link set restricted = 1 where guardian_id = ${f.guardianId} and student_id = ${child}`.execute(other.kysely);
      const restrictedAfter = await waitUntil(async () => (await guardian.get(`/api/students/${child}`)).status === 403, 5000);
      expect(restrictedAfter).toBeLessThanOrEqual(CACHE_TTL_MS + 500);

      const teacher = await clientFor('teacher', b.url, b.db.kysely);
      expect((await teacher.get('/api/classes')).status).toBe(200);
      await sql`delete from session where person_id = ${f.teacherId}`.execute(other.kysely);
      const signedOutAfter = await waitUntil(async () => (await teacher.get('/api/classes')).status === 401, 5000);
      expect(signedOutAfter).toBeLessThanOrEqual(CACHE_TTL_MS + 500);
    } finally {
      await other.close();
    }
  }, 30_000);

  it('ORG-2 a student who left a class leaves its list: at once when this instance wrote it, within the bound when another did', async () => {
    const f = await demoFixtures(b.db.kysely);
    const teacher = await clientFor('teacher', b.url, b.db.kysely);
    const list = async () => ((await teacher.get(`/api/classes/${f.ownClassId}`)).json.students as { id: string }[]).map((s) => s.id);
    const [first, second] = await list();
    // A write through this instance's own connection (an import, a correction) empties the cached list.
    await b.ctx.db.kysely.updateTable('enrollment').set({ status: 'ended' }).where('person_id', '=', first!).where('class_group_id', '=', f.ownClassId).execute();
    expect(await list()).not.toContain(first);
    const lastRead = await b.db.kysely.selectFrom('audit_log').select('subject_ids').where('action', '=', 'class_group.read_roster').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(await subjectsOfEntry(b.db.kysely, lastRead.subject_ids)).not.toContain(first);

    const other = openDatabase(b.ctx.config.database);
    try {
      await sql`update enrollment set status = 'ended' where person_id = ${second!} and class_group_id = ${f.ownClassId}`.execute(other.kysely);
      const goneAfter = await waitUntil(async () => !(await list()).includes(second!), 5000);
      expect(goneAfter).toBeLessThanOrEqual(CACHE_TTL_MS + 500);
    } finally {
      await other.close();
    }
  }, 30_000);
});
