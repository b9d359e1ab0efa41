import type {
  OneRosterUserRole,
  RosterClass,
  RosterEnrollment,
  RosterGuardianLink,
  RosterPersonKind,
  RosterRoleGrant,
  RosterSchool,
  RosterSchoolYear,
  RosterSet,
  RosterUser,
} from './oneroster-types.ts';
import type { PlainConflictField, PlainConflictSubject } from './plain-roster-errors.ts';
import { sameRelationship, type GuardianCells, type LineData, type PersonCells } from './plain-roster-line.ts';
import { rosterErrors, type RosterError } from './roster-error.ts';
import { rosterWarnings, type RosterWarning } from './roster-warning.ts';
import { quote, type LocalizedText } from './roster-wording.ts';

/**
 * The plain CSV roster's lines gathered into one RosterSet (ORG-2): each school, group and person
 * once, what two lines say differently reported, guardians of one line sharing an address warned
 * about (issue 16 B3).
 */

/** Comparison form of a name: what differs only by case is the same name (cells come with their spaces already collapsed). */
function fold(value: string): string {
  return value.toLowerCase();
}

/** A person as the set will hold them, with what the checks of later lines need. */
class Person {
  /** The first e-mail's line (the user's e-mail is the first one given). */
  emailLine: number;
  constructor(
    readonly user: RosterUser,
    /** Where the person first appears: their names are the ones written there. */
    readonly line: number,
  ) {
    this.emailLine = line;
  }
}
class Student extends Person {
  readonly enrolled: { classKey: string; line: number }[] = [];
}
class Teacher extends Person {
  readonly classKeys = new Set<string>();
}
class Guardian extends Person {
  readonly children: { studentSourcedId: string; relationship: string; line: number }[] = [];
}
interface ClassEntry {
  key: string;
  cls: RosterClass;
  school: RosterSchool;
  /** The first grade given and its line ('' while none). */
  grades: string;
  gradesLine: number;
}

function userOf(sourcedId: string, kind: RosterPersonKind, role: OneRosterUserRole, cells: PersonCells, grades: string | null): RosterUser {
  return {
    sourcedId,
    role,
    kind,
    givenName: cells.givenName,
    familyName: cells.familyName,
    preferredName: null,
    email: cells.email || null,
    emailNormalized: cells.emailNormalized || null,
    username: null,
    grades,
    enabled: true,
    status: 'active',
  };
}

/**
 * Gathers the lines into one RosterSet, reporting what two lines say differently. People are kept
 * by their own key (student number, e-mail) and their enrollments and links on them, not in maps
 * of composite keys: files of a few hundred thousand lines stay quick.
 */
export class PlainRosterBuilder {
  private readonly schools = new Map<string, { school: RosterSchool; line: number }>();
  /** Per folded school name: the first line written with a code (and which) and without one. */
  private readonly schoolNames = new Map<string, { coded?: { line: number; code: string }; uncoded?: number }>();
  private readonly years = new Map<string, RosterSchoolYear>();
  private readonly classes = new Map<string, ClassEntry>();
  private readonly students = new Map<string, Student>();
  private readonly teachers = new Map<string, Teacher>();
  /** By e-mail: one guardian, or several when guardians of one line share an address. */
  private readonly guardians = new Map<string, Guardian[]>();
  /** Everyone, in order of first appearance. */
  private readonly persons: Person[] = [];
  private readonly enrollments: RosterEnrollment[] = [];
  private readonly grants: RosterRoleGrant[] = [];
  private readonly links: RosterGuardianLink[] = [];

  constructor(
    private readonly file: string,
    private readonly report: (e: RosterError) => void,
    private readonly warn: (w: RosterWarning) => void,
  ) {}

  add(d: LineData, line: number): void {
    const schoolKey = this.school(d, line);
    const cls = this.klass(d, line, schoolKey);
    const student = this.student(d, line);
    this.enroll(d, line, cls, student);
    if (d.teacher) this.teacher(d.teacher, line, cls);
    const shared = sharedEmails(d.guardians);
    for (const g of d.guardians) this.guardian(g, line, d.studentId, student, shared.has(g.emailNormalized));
  }

  build(): RosterSet {
    return {
      district: null,
      schools: [...this.schools.values()].map((s) => s.school),
      schoolYears: [...this.years.values()],
      classes: [...this.classes.values()].map((c) => ({ ...c.cls, grades: c.grades || null })),
      users: this.persons.map((p) => p.user),
      guardianLinks: this.links,
      enrollments: this.enrollments,
      roleGrants: this.grants,
    };
  }

  /** Reports `value` when it differs from `first`, written on `firstLine`; an empty value says nothing. */
  private differs(
    subject: PlainConflictSubject,
    field: PlainConflictField,
    first: string,
    firstLine: number,
    value: string,
    line: number,
    same: (v: string) => string = fold,
  ): void {
    if (value === '' || first === '' || same(first) === same(value)) return;
    this.report(rosterErrors.conflictingValue(this.file, line, subject, field, first, firstLine));
  }

  /** Returns the school's key: its code when given, else its folded name. */
  private school(d: LineData, line: number): string {
    const name = fold(d.school);
    const key = d.schoolCode || name;
    this.checkSchoolCode(d, line, name);
    const known = this.schools.get(key);
    if (!known) {
      this.schools.set(key, { school: { sourcedId: `csv:school:${key}`, name: d.school, code: d.schoolCode || null, status: 'active' }, line });
    } else if (d.schoolCode) {
      this.differs({ kind: 'school', code: d.schoolCode }, 'schoolName', known.school.name, known.line, d.school, line);
    }
    return key;
  }

  private checkSchoolCode(d: LineData, line: number, name: string): void {
    let seen = this.schoolNames.get(name);
    if (!seen) this.schoolNames.set(name, (seen = {}));
    if (d.schoolCode) {
      if (seen.uncoded !== undefined) {
        this.report(rosterErrors.schoolCodeInconsistent(this.file, line, d.school, d.schoolCode, seen.uncoded, true));
      }
      seen.coded ??= { line, code: d.schoolCode };
    } else {
      if (seen.coded) this.report(rosterErrors.schoolCodeInconsistent(this.file, line, d.school, seen.coded.code, seen.coded.line, false));
      seen.uncoded ??= line;
    }
  }

  private year(d: LineData): string {
    const known = this.years.get(d.year.name);
    if (known) return known.sourcedId;
    const sourcedId = `csv:year:${d.year.name}`;
    this.years.set(d.year.name, { sourcedId, ...d.year, status: 'active' });
    return sourcedId;
  }

  private klass(d: LineData, line: number, schoolKey: string): ClassEntry {
    const key = `${schoolKey}|${d.year.name}|${fold(d.group)}`;
    const grades = d.grades ?? '';
    const known = this.classes.get(key);
    if (known) {
      if (known.grades === '') {
        known.grades = grades;
        known.gradesLine = line;
      } else {
        const subject = { kind: 'group', name: known.cls.name, school: known.school.name, year: d.year.name } as const;
        this.differs(subject, 'grade', known.grades, known.gradesLine, grades, line);
      }
      return known;
    }
    const school = this.schools.get(schoolKey)!.school;
    const cls: RosterClass = {
      sourcedId: `csv:class:${key}`,
      name: d.group,
      code: null,
      grades: null,
      schoolSourcedId: school.sourcedId,
      schoolYearSourcedId: this.year(d),
      status: 'active',
    };
    const entry = { key, cls, school, grades, gradesLine: line };
    this.classes.set(key, entry);
    return entry;
  }

  /** Checks a person seen again agrees with what was first said of them; takes a first e-mail. */
  private samePerson(p: Person, subject: PlainConflictSubject, cells: PersonCells, line: number): void {
    const u = p.user;
    this.differs(subject, 'firstName', u.givenName, p.line, cells.givenName, line);
    this.differs(subject, 'lastName', u.familyName, p.line, cells.familyName, line);
    if (u.email === null) {
      u.email = cells.email || null;
      u.emailNormalized = cells.emailNormalized || null;
      p.emailLine = line;
    } else this.differs(subject, 'email', u.email, p.emailLine, cells.email, line, (v) => v.toLowerCase());
  }

  private student(d: LineData, line: number): Student {
    const known = this.students.get(d.studentId);
    if (known) {
      this.samePerson(known, { kind: 'student', id: d.studentId }, d.student, line);
      known.user.grades ??= d.grades;
      return known;
    }
    const s = new Student(userOf(`csv:student:${d.studentId}`, 'student', 'student', d.student, d.grades), line);
    this.students.set(d.studentId, s);
    this.persons.push(s);
    return s;
  }

  private enroll(d: LineData, line: number, cls: ClassEntry, student: Student): void {
    const known = student.enrolled.find((e) => e.classKey === cls.key);
    if (known) {
      this.report(rosterErrors.duplicateStudentInGroup(this.file, line, d.studentId, d.group, known.line));
      return;
    }
    student.enrolled.push({ classKey: cls.key, line });
    this.enrollments.push({
      sourcedId: `csv:enrollment:${cls.key}|${d.studentId}`,
      classSourcedId: cls.cls.sourcedId,
      userSourcedId: student.user.sourcedId,
      startsOn: null,
      endsOn: null,
      status: 'active',
    });
  }

  private teacher(t: PersonCells, line: number, cls: ClassEntry): void {
    const email = t.emailNormalized;
    let teacher = this.teachers.get(email);
    if (teacher) this.samePerson(teacher, { kind: 'teacher', email }, t, line);
    else {
      teacher = new Teacher(userOf(`csv:staff:${email}`, 'staff', 'teacher', t, null), line);
      this.teachers.set(email, teacher);
      this.persons.push(teacher);
    }
    if (teacher.classKeys.has(cls.key)) return;
    teacher.classKeys.add(cls.key);
    this.grants.push({
      sourcedId: `csv:teacher:${cls.key}|${email}`,
      role: 'teacher',
      scope: 'class',
      scopeSourcedId: cls.cls.sourcedId,
      userSourcedId: teacher.user.sourcedId,
      status: 'active',
    });
  }

  private guardian(g: GuardianCells, line: number, studentNumber: string, student: Student, shared: boolean): void {
    const email = g.emailNormalized;
    const guardian = this.guardianNamed(g, line, shared);
    const studentId = student.user.sourcedId;
    const child = guardian.children.find((c) => c.studentSourcedId === studentId);
    if (child) {
      const subject = { kind: 'link', guardianEmail: email, studentId: studentNumber } as const;
      // "mère", "père" and "parent" are one relationship: only a different relationship is a conflict.
      this.differs(subject, 'relationship', child.relationship, child.line, g.relationshipWritten, line, sameRelationship);
      return;
    }
    guardian.children.push({ studentSourcedId: studentId, relationship: g.relationshipWritten, line });
    this.links.push({ guardianSourcedId: guardian.user.sourcedId, studentSourcedId: studentId, relationship: g.relationship, status: 'active' });
  }

  /**
   * The guardian a block names: the one with its e-mail. When guardians of one line share an
   * address, each is a person of their own, told apart by name, and a warning says only one of
   * them could sign in (issue 16 B3); elsewhere another name for an address is a conflict.
   */
  private guardianNamed(g: GuardianCells, line: number, shared: boolean): Guardian {
    const email = g.emailNormalized;
    const known = this.guardians.get(email);
    if (!known) return this.newGuardian(g, line, `csv:guardian:${email}`, []);
    const first = known[0]!;
    const named = known.length === 1 && !shared ? undefined : known.find((p) => nameKey(p.user) === nameKey(g));
    if (named) return named;
    if (!shared) {
      this.samePerson(first, { kind: 'guardian', email }, g, line);
      return first;
    }
    this.warn(rosterWarnings.sharedGuardianEmail(this.file, line, email, guardianText(g), guardianText(first.user), first.line));
    return this.newGuardian(g, line, `csv:guardian:${email}|${nameKey(g)}`, known);
  }

  private newGuardian(g: GuardianCells, line: number, sourcedId: string, sameEmail: Guardian[]): Guardian {
    const guardian = new Guardian(userOf(sourcedId, 'guardian', g.relationship, g, null), line);
    if (sameEmail.length === 0) this.guardians.set(g.emailNormalized, sameEmail);
    sameEmail.push(guardian);
    this.persons.push(guardian);
    return guardian;
  }
}

const NONE: ReadonlySet<string> = new Set();

/** The addresses two guardian blocks of one line give to people of different names. */
function sharedEmails(guardians: readonly GuardianCells[]): ReadonlySet<string> {
  if (guardians.length < 2) return NONE;
  const shared = new Set<string>();
  for (let i = 1; i < guardians.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = guardians[i]!;
      const b = guardians[j]!;
      if (a.emailNormalized === b.emailNormalized && nameKey(a) !== nameKey(b)) shared.add(a.emailNormalized);
    }
  }
  return shared;
}

/** A person's name as compared: case aside. */
function nameKey(p: { givenName: string; familyName: string }): string {
  return `${fold(p.givenName)} ${fold(p.familyName)}`;
}

function guardianText(p: { givenName: string; familyName: string }): LocalizedText {
  const name = `${p.givenName} ${p.familyName}`;
  return { fr: `le parent ${quote(name).fr}`, en: `the guardian ${quote(name).en}` };
}
