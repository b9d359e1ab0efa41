import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { demoAccounts, DEMO_PASSWORD } from '../../src/db/demo/seed-demo.ts';
import { issueMagicLink } from '../../src/db/auth/magic-links.ts';
import { HttpClient } from './http-client.ts';

export { demoAccounts, DEMO_PASSWORD };

/** Finds the demo records the tests talk about, by what a person would recognise them by. */
export async function demoFixtures(k: Kysely<Database>) {
  const byUsername = async (u: string) => (await k.selectFrom('person').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  const teacherId = await byUsername(demoAccounts.teacher);
  const ownClass = await k
    .selectFrom('role_assignment')
    .innerJoin('class_group', 'class_group.id', 'role_assignment.scope_id')
    .select(['class_group.id', 'class_group.school_id'])
    .where('role_assignment.person_id', '=', teacherId)
    .where('role_assignment.role', '=', 'teacher')
    .executeTakeFirstOrThrow();
  const schools = await k.selectFrom('school').select(['id', 'name']).orderBy('code').execute();
  const bleuets = schools.find((s) => s.name.includes('Bleuets'))!;
  const lac = schools.find((s) => s.name.includes('Lac'))!;
  const otherSchoolClass = await k.selectFrom('class_group').select('id').where('school_id', '=', lac.id).orderBy('name').executeTakeFirstOrThrow();
  const guardian = await k.selectFrom('person').select('id').where('email_normalized', '=', demoAccounts.guardianEmail).executeTakeFirstOrThrow();
  const links = await k.selectFrom('guardian_link').selectAll().where('guardian_id', '=', guardian.id).execute();
  const restrictedChildId = links.find((l) => l.restricted === 1 || (l.restricted as unknown) === true)!.student_id;
  const studentSelfId = await byUsername(demoAccounts.student);
  const otherLinkOfStudent = await k
    .selectFrom('guardian_link')
    .select('id')
    .where('student_id', '=', studentSelfId)
    .where('guardian_id', '!=', guardian.id)
    .executeTakeFirstOrThrow();
  return {
    teacherId,
    ownClassId: ownClass.id,
    otherSchoolClassId: otherSchoolClass.id,
    bleuetsId: bleuets.id,
    lacId: lac.id,
    guardianId: guardian.id,
    childIds: links.filter((l) => !l.restricted).map((l) => l.student_id),
    restrictedChildId,
    studentSelfId,
    otherGuardianLinkId: otherLinkOfStudent.id,
  };
}

export type DemoRole = 'anonymous' | 'directorGeneral' | 'privacyOfficer' | 'principal' | 'teacher' | 'guardian' | 'student';
export const demoRoles: DemoRole[] = ['anonymous', 'directorGeneral', 'privacyOfficer', 'principal', 'teacher', 'guardian', 'student'];

/** A client signed in as `personId` through a real one-time link (issued here, not e-mailed), as guardians sign in. */
export async function signInByLink(url: string, k: Kysely<Database>, personId: string): Promise<HttpClient> {
  const c = new HttpClient(url);
  const token = await issueMagicLink(k, personId, 15);
  const res = await c.post('/api/auth/magic-link/consume', { token });
  if (res.status !== 200) throw new Error(`sign-in by link of ${personId} failed: ${res.status}`);
  return c;
}

/** A signed-in client for a demo role; the guardian signs in through a real one-time link. */
export async function clientFor(role: DemoRole, url: string, k: Kysely<Database>): Promise<HttpClient> {
  if (role === 'guardian') {
    const g = await k.selectFrom('person').select('id').where('email_normalized', '=', demoAccounts.guardianEmail).executeTakeFirstOrThrow();
    return signInByLink(url, k, g.id);
  }
  const c = new HttpClient(url);
  if (role === 'anonymous') return c;
  const username = { directorGeneral: demoAccounts.directorGeneral, privacyOfficer: demoAccounts.privacyOfficer, principal: demoAccounts.principal, teacher: demoAccounts.teacher, student: demoAccounts.student }[role];
  await c.signIn(username, DEMO_PASSWORD);
  return c;
}
