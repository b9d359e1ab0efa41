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

type SchoolYearRow = { id: string; name: string; starts_on: string; ends_on: string };
type DemoSchool = (typeof SCHOOLS)[number] & { id: string };
type DemoGroup = { id: string; schoolId: string; name: string; grade: string };
type Picker = ReturnType<typeof picker>;

/** The demo's rows as they are made, in the order they are written; e-mail addresses kept unique. */
class DemoRows {
  readonly persons: Insertable<PersonTable>[] = [];
  readonly roles: Insertable<RoleAssignmentTable>[] = [];
  readonly enrollments: Insertable<EnrollmentTable>[] = [];
  readonly links: Insertable<GuardianLinkTable>[] = [];
  readonly credentials: PasswordCredentialTable[] = [];
  private readonly usedEmails = new Set<string>();

  constructor(
    readonly boardId: string,
    private readonly passwordHash: string,
    readonly now: string,
  ) {}

  /** A person; staff and students with a username get the demo password. */
  person(kind: PersonTable['kind'], given: string, family: string, extra: Partial<PersonTable> = {}): string {
    const id = randomUUID();
    const email = extra.email ?? this.freeEmail(kind, given, family);
    this.usedEmails.add(email);
    this.persons.push({
      id, board_id: this.boardId, source_id: null, kind, given_name: given, family_name: family, preferred_name: null,
      email, email_normalized: normalizeLogin(email), username: extra.username ?? null, grades: extra.grades ?? null,
      birth_date: extra.birth_date ?? null, locale: extra.locale ?? 'fr', status: 'active', ended_at: null, created_at: this.now, updated_at: this.now, demo: 1,
    });
    if (extra.username) this.credentials.push({ person_id: id, password_hash: this.passwordHash, failed_attempts: 0, locked_until: null, updated_at: this.now });
    return id;
  }

  /** `prenom.nom@…`, numbered from 2 when taken: guardians at home, staff and students at the board. */
  private freeEmail(kind: PersonTable['kind'], given: string, family: string): string {
    const base = `${asciiSlug(given)}.${asciiSlug(family)}`;
    let candidate = `${base}@${kind === 'guardian' ? 'exemple.ca' : 'csbleuets.exemple.ca'}`;
    for (let i = 2; this.usedEmails.has(candidate); i++) candidate = candidate.replace(/(\d*)@/, `${i}@`);
    return candidate;
  }

  role(personId: string, role: RoleAssignmentTable['role'], scopeType: RoleAssignmentTable['scope_type'], scopeId: string): void {
    this.roles.push({ id: randomUUID(), person_id: personId, role, scope_type: scopeType, scope_id: scopeId, source: 'demo', source_id: null, status: 'active', created_at: this.now, ended_at: null });
  }

  link(guardianId: string, studentId: string, relationship: GuardianLinkTable['relationship'], restrictedReason: string | null = null): void {
    const restricted = restrictedReason !== null;
    this.links.push({
      id: randomUUID(), guardian_id: guardianId, student_id: studentId, relationship, source: 'demo',
      restricted: restricted ? 1 : 0, restricted_reason: restrictedReason, restricted_at: restricted ? this.now : null, restricted_by: null,
      status: 'active', created_at: this.now, ended_at: null,
    });
  }
}

/** The DG, the privacy officer and each school's principal. */
function addLeaders(rows: DemoRows, schools: readonly DemoSchool[]): void {
  rows.role(rows.person('staff', 'Hélène', 'Tremblay', { username: demoAccounts.directorGeneral }), 'director_general', 'board', rows.boardId);
  rows.role(rows.person('staff', 'Karim', 'Benali', { username: demoAccounts.privacyOfficer }), 'privacy_officer', 'board', rows.boardId);
  for (const s of schools) rows.role(rows.person('staff', s.principal[0], s.principal[1], { username: s.principal[2] }), 'principal', 'school', s.id);
}

/** Four groups a school: grades 3 to 6 in the primary schools, 7 to 10 in the secondary one. */
function demoGroups(schools: readonly DemoSchool[]): DemoGroup[] {
  const groups: DemoGroup[] = [];
  schools.forEach((s, si) => {
    for (let g = 0; g < GROUPS_PER_SCHOOL; g++) {
      const grade = si === 1 ? String(g + 7).padStart(2, '0') : String(g + 3).padStart(2, '0');
      groups.push({ id: randomUUID(), schoolId: s.id, name: `Groupe ${Number(grade)}${String.fromCharCode(65 + (g % 2))}`, grade });
    }
  });
  return groups;
}

/** One teacher a group: the README's two demo teachers first, then invented ones. */
function addTeachers(rows: DemoRows, groups: readonly DemoGroup[], rnd: Picker): void {
  const teacherNames: [string, string, string][] = [
    ['Marie', 'Gagnon', demoAccounts.teacher], ['Julien', 'Roy', demoAccounts.otherTeacher],
  ];
  groups.forEach((g, gi) => {
    const [given, family, username] = teacherNames[gi] ?? [rnd.pick(adultGivenNames), rnd.pick(familyNames), ''];
    const uname = username || `${asciiSlug(given)}.${asciiSlug(family)}${gi}`;
    rows.role(rows.person('staff', given, family, { username: uname }), 'teacher', 'class', g.id);
  });
}

/**
 * 25 students a group with their guardians (one or two); every fifth family has a second child in
 * the board, the next student, under the same guardians. Returns the students in roll order.
 */
function addStudentsAndFamilies(rows: DemoRows, groups: readonly DemoGroup[], year: SchoolYearRow, rnd: Picker): string[] {
  let familyIndex = 0;
  const studentIds: string[] = [];
  let pendingSibling: { guardians: string[]; family: string } | null = null;
  for (const g of groups) {
    for (let i = 0; i < STUDENTS_PER_GROUP; i++) {
      const family: string = pendingSibling?.family ?? rnd.pick(familyNames);
      const isFirst = studentIds.length === 0;
      const [given, familyName] = DEMO_CHILDREN[studentIds.length] ?? [rnd.pick(givenNames), family];
      const studentId = rows.person('student', given, familyName, {
        grades: g.grade,
        username: isFirst ? demoAccounts.student : null,
        birth_date: `${2026 - 8 - Number(g.grade) + (i % 2)}-0${1 + (i % 9)}-1${i % 10}`,
      });
      studentIds.push(studentId);
      rows.enrollments.push({ id: randomUUID(), class_group_id: g.id, person_id: studentId, source_id: null, starts_on: year.starts_on, ends_on: null, status: 'active', created_at: rows.now, ended_at: null });
      let guardians: string[];
      if (pendingSibling) {
        guardians = pendingSibling.guardians;
        pendingSibling = null;
      } else {
        const count = rnd.int(10) < 7 ? 2 : 1;
        guardians = [];
        for (let p = 0; p < count; p++) guardians.push(rows.person('guardian', rnd.pick(adultGivenNames), p === 0 ? family : rnd.pick(familyNames)));
        if (++familyIndex % 5 === 0) pendingSibling = { guardians, family };
      }
      guardians.forEach((gid, p) => rows.link(gid, studentId, p === 0 ? 'parent' : 'guardian'));
    }
  }
  return studentIds;
}

/**
 * The demo parent: Léa (group 1) and Noah (group 2) visible; Zoé (another school) restricted by a
 * court order. ORG-4: a restriction in force has its history (who, when, why) like any other.
 */
function addDemoParent(rows: DemoRows, studentIds: readonly string[]) {
  const demoParent = rows.person('guardian', 'Sophie', 'Lavoie', { email: demoAccounts.guardianEmail });
  rows.link(demoParent, studentIds[LEA]!, 'parent');
  rows.link(demoParent, studentIds[NOAH]!, 'parent');
  rows.link(demoParent, studentIds[ZOE]!, 'parent', 'Ordonnance de la Cour supérieure (démo)');
  const restrictedLink = rows.links[rows.links.length - 1]!;
  return [{ id: randomUUID(), link_id: restrictedLink.id!, n: 1, event: 'restricted' as const, reason: restrictedLink.restricted_reason!, actor_id: null, at: rows.now }];
}

/** Everything in one transaction, marked demo, with the board's demo marker and the audit entry. */
async function writeDemo(
  db: Kysely<Database>,
  rows: DemoRows,
  made: { years: SchoolYearRow[]; currentYear: SchoolYearRow; schools: DemoSchool[]; groups: DemoGroup[]; restrictionHistory: ReturnType<typeof addDemoParent> },
): Promise<void> {
  const { boardId, now } = rows;
  const kept = { status: 'active' as const, ended_at: null, created_at: now, updated_at: now, demo: 1 as const };
  await db.transaction().execute(async (trx) => {
    const ins = async <T extends keyof Database>(table: T, values: readonly Insertable<Database[T]>[]) => {
      for (let i = 0; i < values.length; i += 200) await trx.insertInto(table).values(values.slice(i, i + 200) as any).execute();
    };
    await ins('school_year', made.years.map((y) => ({ ...y, board_id: boardId, source_id: null, ...kept })));
    await ins('school', made.schools.map((s) => ({ id: s.id, board_id: boardId, source_id: null, name: s.name, code: s.code, ...kept })));
    await ins('class_group', made.groups.map((g) => ({ id: g.id, school_id: g.schoolId, school_year_id: made.currentYear.id, source_id: null, name: g.name, code: null, grades: g.grade, ...kept })));
    await ins('person', rows.persons);
    await ins('password_credential', rows.credentials);
    await ins('role_assignment', rows.roles);
    await ins('enrollment', rows.enrollments);
    await ins('guardian_link', rows.links);
    await ins('guardian_link_restriction_event', made.restrictionHistory);
    await trx.updateTable('board').set({ demo_seeded_at: now }).where('id', '=', boardId).execute();
    await appendAuditEntries(trx, [{ actorId: null, action: 'demo.seed', outcome: 'succeeded', scopeType: 'board', scopeId: boardId, details: { persons: rows.persons.length } }]);
  });
}

/**
 * One board with 3 schools, 2 school years, 12 class groups in the current year, 12 teachers,
 * 3 principals, a DG, a privacy officer, 300 students, their guardians (some with siblings),
 * and one restricted guardian link (ORG-4). Written in one transaction.
 */
export async function seedDemo(db: Kysely<Database>, args: { boardId: string; passwordHash: string; now?: Date }) {
  const rows = new DemoRows(args.boardId, args.passwordHash, (args.now ?? new Date()).toISOString());
  const rnd = picker(2026);
  const pastYear = { id: randomUUID(), name: '2025-2026', starts_on: '2025-08-27', ends_on: '2026-06-30' };
  const currentYear = { id: randomUUID(), name: '2026-2027', starts_on: '2026-08-27', ends_on: '2027-06-30' };
  const schools = SCHOOLS.map((s) => ({ ...s, id: randomUUID() }));
  addLeaders(rows, schools);
  const groups = demoGroups(schools);
  addTeachers(rows, groups, rnd);
  const studentIds = addStudentsAndFamilies(rows, groups, currentYear, rnd);
  const restrictionHistory = addDemoParent(rows, studentIds);
  await writeDemo(db, rows, { years: [pastYear, currentYear], currentYear, schools, groups, restrictionHistory });
  return { persons: rows.persons.length, students: studentIds.length, classGroups: groups.length };
}
