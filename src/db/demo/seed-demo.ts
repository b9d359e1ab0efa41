import { randomUUID } from 'node:crypto';
import type { Kysely, Insertable } from 'kysely';
import type { Database, PersonTable, EnrollmentTable, GuardianLinkTable, RoleAssignmentTable, PasswordCredentialTable } from '../schema.ts';
import { appendAuditEntries } from '../audit/append-audit-entries.ts';
import { adultGivenNames, asciiSlug, familyNames, givenNames, picker } from './demo-names.ts';
import { normalizeLogin } from '../../domain/people/login-name.ts';

export const DEMO_PASSWORD = 'Balise-Demo-2026';

/** The demo accounts the README lists. */
export const demoAccounts = {
  directorGeneral: 'direction.generale',
  privacyOfficer: 'responsable.prp',
  principal: 'direction.bleuets',
  teacher: 'enseignante.gagnon',
  otherTeacher: 'enseignant.roy',
  student: 'eleve.demo',
  guardianEmail: 'parent.demo@exemple.ca',
} as const;

const SCHOOLS = [
  { name: 'École primaire des Bleuets', code: '751001', principal: ['Nathalie', 'Bouchard', 'direction.bleuets'] },
  { name: 'École secondaire du Lac', code: '751002', principal: ['Marc', 'Ouellet', 'direction.lac'] },
  { name: 'École primaire de la Rivière', code: '751003', principal: ['Chantal', 'Simard', 'direction.riviere'] },
] as const;
const GROUPS_PER_SCHOOL = 4;
const STUDENTS_PER_GROUP = 25;
/** The demo parent's three children, by their position in the roll: two visible, one restricted. */
const LEA = 0;
const NOAH = STUDENTS_PER_GROUP + 1;
const ZOE = STUDENTS_PER_GROUP * 5 + 2;
const DEMO_CHILDREN: Record<number, [string, string]> = { [LEA]: ['Léa', 'Lavoie'], [NOAH]: ['Noah', 'Lavoie'], [ZOE]: ['Zoé', 'Lavoie'] };

/**
 * One board with 3 schools, 2 school years, 12 class groups in the current year, 12 teachers,
 * 3 principals, a DG, a privacy officer, 300 students, their guardians (some with siblings),
 * and one restricted guardian link (ORG-4). Written in one transaction.
 */
export async function seedDemo(db: Kysely<Database>, args: { boardId: string; passwordHash: string; now?: Date }) {
  const now = (args.now ?? new Date()).toISOString();
  const rnd = picker(2026);
  const persons: Insertable<PersonTable>[] = [];
  const roles: Insertable<RoleAssignmentTable>[] = [];
  const enrollments: Insertable<EnrollmentTable>[] = [];
  const links: Insertable<GuardianLinkTable>[] = [];
  const credentials: PasswordCredentialTable[] = [];
  const usedEmails = new Set<string>();

  const person = (kind: PersonTable['kind'], given: string, family: string, extra: Partial<PersonTable> = {}) => {
    const id = randomUUID();
    let email = extra.email ?? null;
    if (!email) {
      const base = `${asciiSlug(given)}.${asciiSlug(family)}`;
      let candidate = `${base}@${kind === 'guardian' ? 'exemple.ca' : 'csbleuets.exemple.ca'}`;
      for (let i = 2; usedEmails.has(candidate); i++) candidate = candidate.replace(/(\d*)@/, `${i}@`);
      email = candidate;
    }
    usedEmails.add(email);
    persons.push({
      id, board_id: args.boardId, source_id: null, kind, given_name: given, family_name: family, preferred_name: null,
      email, email_normalized: normalizeLogin(email), username: extra.username ?? null, grades: extra.grades ?? null,
      birth_date: extra.birth_date ?? null, locale: extra.locale ?? 'fr', status: 'active', ended_at: null, created_at: now, updated_at: now, demo: 1,
    });
    if (extra.username) credentials.push({ person_id: id, password_hash: args.passwordHash, failed_attempts: 0, locked_until: null, updated_at: now });
    return id;
  };
  const role = (person_id: string, r: RoleAssignmentTable['role'], scope_type: RoleAssignmentTable['scope_type'], scope_id: string) =>
    roles.push({ id: randomUUID(), person_id, role: r, scope_type, scope_id, source: 'demo', source_id: null, status: 'active', created_at: now, ended_at: null });

  const pastYear = { id: randomUUID(), name: '2025-2026', starts_on: '2025-08-27', ends_on: '2026-06-30' };
  const currentYear = { id: randomUUID(), name: '2026-2027', starts_on: '2026-08-27', ends_on: '2027-06-30' };
  const schools = SCHOOLS.map((s) => ({ ...s, id: randomUUID() }));

  role(person('staff', 'Hélène', 'Tremblay', { username: demoAccounts.directorGeneral }), 'director_general', 'board', args.boardId);
  role(person('staff', 'Karim', 'Benali', { username: demoAccounts.privacyOfficer }), 'privacy_officer', 'board', args.boardId);
  for (const s of schools) role(person('staff', s.principal[0], s.principal[1], { username: s.principal[2] }), 'principal', 'school', s.id);

  const teacherNames: [string, string, string][] = [
    ['Marie', 'Gagnon', demoAccounts.teacher], ['Julien', 'Roy', demoAccounts.otherTeacher],
  ];
  const groups: { id: string; schoolId: string; name: string; grade: string }[] = [];
  schools.forEach((s, si) => {
    for (let g = 0; g < GROUPS_PER_SCHOOL; g++) {
      const grade = si === 1 ? String(g + 7).padStart(2, '0') : String(g + 3).padStart(2, '0');
      groups.push({ id: randomUUID(), schoolId: s.id, name: `Groupe ${Number(grade)}${String.fromCharCode(65 + (g % 2))}`, grade });
    }
  });
  groups.forEach((g, gi) => {
    const [given, family, username] = teacherNames[gi] ?? [rnd.pick(adultGivenNames), rnd.pick(familyNames), ''];
    const uname = username || `${asciiSlug(given)}.${asciiSlug(family)}${gi}`;
    role(person('staff', given, family, { username: uname }), 'teacher', 'class', g.id);
  });

  // Students and families. Every fifth family has two children in the board (siblings).
  let familyIndex = 0;
  const studentIds: string[] = [];
  let pendingSibling: { guardians: string[]; family: string } | null = null;
  for (const g of groups) {
    for (let i = 0; i < STUDENTS_PER_GROUP; i++) {
      const family: string = pendingSibling?.family ?? rnd.pick(familyNames);
      const isFirst = studentIds.length === 0;
      const [given, familyName] = DEMO_CHILDREN[studentIds.length] ?? [rnd.pick(givenNames), family];
      const studentId = person('student', given, familyName, {
        grades: g.grade,
        username: isFirst ? demoAccounts.student : null,
        birth_date: `${2026 - 8 - Number(g.grade) + (i % 2)}-0${1 + (i % 9)}-1${i % 10}`,
      });
      studentIds.push(studentId);
      enrollments.push({ id: randomUUID(), class_group_id: g.id, person_id: studentId, source_id: null, starts_on: currentYear.starts_on, ends_on: null, status: 'active', created_at: now, ended_at: null });
      let guardians: string[];
      if (pendingSibling) {
        guardians = pendingSibling.guardians;
        pendingSibling = null;
      } else {
        const count = rnd.int(10) < 7 ? 2 : 1;
        guardians = [];
        for (let p = 0; p < count; p++) guardians.push(person('guardian', rnd.pick(adultGivenNames), p === 0 ? family : rnd.pick(familyNames)));
        if (++familyIndex % 5 === 0) pendingSibling = { guardians, family };
      }
      guardians.forEach((gid, p) =>
        links.push({ id: randomUUID(), guardian_id: gid, student_id: studentId, relationship: p === 0 ? 'parent' : 'guardian', source: 'demo', restricted: 0, restricted_reason: null, restricted_at: null, restricted_by: null, status: 'active', created_at: now, ended_at: null }),
      );
    }
  }

  // The demo parent: Léa (group 1) and Noah (group 2) visible; Zoé (another school) restricted by a court order.
  const demoParent = person('guardian', 'Sophie', 'Lavoie', { email: demoAccounts.guardianEmail });
  const link = (studentId: string, restricted: boolean) =>
    links.push({
      id: randomUUID(), guardian_id: demoParent, student_id: studentId, relationship: 'parent', source: 'demo',
      restricted: restricted ? 1 : 0, restricted_reason: restricted ? 'Ordonnance de la Cour supérieure (démo)' : null,
      restricted_at: restricted ? now : null, restricted_by: null, status: 'active', created_at: now, ended_at: null,
    });
  link(studentIds[LEA]!, false);
  link(studentIds[NOAH]!, false);
  link(studentIds[ZOE]!, true);
  // ORG-4: a restriction in force has its history (who, when, why) like any other.
  const restrictedLink = links[links.length - 1]!;
  const restrictionHistory = [{ id: randomUUID(), link_id: restrictedLink.id!, n: 1, event: 'restricted' as const, reason: restrictedLink.restricted_reason!, actor_id: null, at: now }];

  await db.transaction().execute(async (trx) => {
    const ins = async <T extends keyof Database>(table: T, rows: readonly Insertable<Database[T]>[]) => {
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto(table).values(rows.slice(i, i + 200) as any).execute();
    };
    await ins('school_year', [pastYear, currentYear].map((y) => ({ ...y, board_id: args.boardId, source_id: null, status: 'active' as const, ended_at: null, created_at: now, updated_at: now, demo: 1 as const })));
    await ins('school', schools.map((s) => ({ id: s.id, board_id: args.boardId, source_id: null, name: s.name, code: s.code, status: 'active' as const, ended_at: null, created_at: now, updated_at: now, demo: 1 as const })));
    await ins('class_group', groups.map((g) => ({ id: g.id, school_id: g.schoolId, school_year_id: currentYear.id, source_id: null, name: g.name, code: null, grades: g.grade, status: 'active' as const, ended_at: null, created_at: now, updated_at: now, demo: 1 as const })));
    await ins('person', persons);
    await ins('password_credential', credentials);
    await ins('role_assignment', roles);
    await ins('enrollment', enrollments);
    await ins('guardian_link', links);
    await ins('guardian_link_restriction_event', restrictionHistory);
    await trx.updateTable('board').set({ demo_seeded_at: now }).where('id', '=', args.boardId).execute();
    await appendAuditEntries(trx, [{ actorId: null, action: 'demo.seed', outcome: 'succeeded', scopeType: 'board', scopeId: args.boardId, details: { persons: persons.length } }]);
  });
  return { persons: persons.length, students: studentIds.length, classGroups: groups.length };
}
