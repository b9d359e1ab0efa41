import { isUtf8 } from 'node:buffer';
import { readCsvTable, type CsvDelimiter, type CsvTable } from './csv-table.ts';
import type {
  GuardianRelationship,
  RosterClass,
  RosterEnrollment,
  RosterGuardianLink,
  RosterPersonKind,
  RosterRoleGrant,
  RosterSchool,
  RosterSchoolYear,
  RosterSet,
  RosterUser,
  OneRosterUserRole,
} from './oneroster-types.ts';
import type { ParseOneRosterOptions, ParseOneRosterResult } from './parse-oneroster.ts';
import { GUARDIAN_COLUMN, MAX_ROSTER_ERRORS, rosterErrors, type PlainConflictField, type PlainConflictSubject, type RosterError } from './roster-error.ts';
import { Columns, parseCollectingErrors, type ErrorList } from './roster-columns.ts';
import { joinGrades } from './roster-values.ts';
import { normalizeLogin } from '../people/login-name.ts';
import { foldAccents } from '../people/person-name.ts';

/**
 * Reads Balise's plain CSV roster (ORG-2): one file, one line per student in a class group, for
 * boards without a OneRoster export. It gives the same RosterSet as parseOneRoster, with sourcedIds
 * built from the data itself (`csv:…`) so a re-import of the same file finds the same rows. The
 * whole file is checked first; any error and no set is returned. A spreadsheet's own "CSV" is
 * read as saved: semicolons or tabs instead of commas, Windows-1252 instead of UTF-8.
 */

type ColumnSpec = { name: string; english: string; required: boolean; description: { fr: string; en: string } };

const GUARDIAN_FIELDS = [
  { fr: 'courriel', en: 'email', description: { fr: 'courriel', en: 'e-mail' } },
  { fr: 'prenom', en: 'first_name', description: { fr: 'prénom', en: 'first name' } },
  { fr: 'nom', en: 'last_name', description: { fr: 'nom de famille', en: 'last name' } },
  {
    fr: 'lien',
    en: 'relationship',
    description: {
      fr: 'lien avec l’élève : parent (ou père, mère), tuteur (ou tutrice), autre (ou famille) ; vide = parent',
      en: 'relationship to the student: parent (or father, mother), guardian, relative; empty = parent',
    },
  },
] as const;

function guardianColumns(n: number): ColumnSpec[] {
  return GUARDIAN_FIELDS.map((f) => ({
    name: `parent${n}_${f.fr}`,
    english: `guardian${n}_${f.en}`,
    required: false,
    description: {
      fr: `Parent ${n} : ${f.description.fr}. Si une case de ce parent est remplie, son courriel, son prénom et son nom sont obligatoires (d’autres parents : parent3_…).`,
      en: `Guardian ${n}: ${f.description.en}. If any cell of this guardian is filled, their e-mail, first and last name are required (more guardians: guardian3_…).`,
    },
  }));
}

/** The columns, for the docs and the template: canonical French name, English alias, required or not, and a short bilingual description. */
export const PLAIN_ROSTER_COLUMNS: readonly ColumnSpec[] = [
  { name: 'ecole', english: 'school', required: true, description: { fr: 'Nom de l’école.', en: 'School name.' } },
  {
    name: 'code_ecole',
    english: 'school_code',
    required: false,
    description: {
      fr: 'Code de l’école ; quand il est donné, c’est lui qui reconnaît l’école (à remplir sur toutes ses lignes ou sur aucune).',
      en: 'School code; when given, it identifies the school (fill it on all of its lines or on none).',
    },
  },
  {
    name: 'annee_scolaire',
    english: 'school_year',
    required: true,
    description: { fr: 'Année scolaire, par exemple 2026-2027.', en: 'School year, e.g. 2026-2027.' },
  },
  { name: 'groupe', english: 'class_group', required: true, description: { fr: 'Nom du groupe, par exemple 3A.', en: 'Class group name, e.g. 3A.' } },
  {
    name: 'niveau',
    english: 'grade',
    required: false,
    description: { fr: 'Niveau du groupe, par exemple 03 (plusieurs : "03,04").', en: 'Grade of the group, e.g. 03 (several: "03,04").' },
  },
  {
    name: 'eleve_id',
    english: 'student_id',
    required: true,
    description: { fr: 'Numéro de l’élève (fiche ou code permanent).', en: 'Student number (record number or permanent code).' },
  },
  { name: 'eleve_prenom', english: 'student_first_name', required: true, description: { fr: 'Prénom de l’élève.', en: 'Student’s first name.' } },
  { name: 'eleve_nom', english: 'student_last_name', required: true, description: { fr: 'Nom de famille de l’élève.', en: 'Student’s last name.' } },
  { name: 'eleve_courriel', english: 'student_email', required: false, description: { fr: 'Courriel de l’élève.', en: 'Student’s e-mail.' } },
  {
    name: 'enseignant_courriel',
    english: 'teacher_email',
    required: false,
    description: {
      fr: 'Courriel de l’enseignant du groupe (un groupe peut en avoir plusieurs, sur des lignes différentes).',
      en: 'E-mail of the group’s teacher (a group may have several, on different lines).',
    },
  },
  {
    name: 'enseignant_prenom',
    english: 'teacher_first_name',
    required: false,
    description: { fr: 'Prénom de l’enseignant (obligatoire si son courriel est donné).', en: 'Teacher’s first name (required when their e-mail is given).' },
  },
  {
    name: 'enseignant_nom',
    english: 'teacher_last_name',
    required: false,
    description: { fr: 'Nom de famille de l’enseignant (obligatoire si son courriel est donné).', en: 'Teacher’s last name (required when their e-mail is given).' },
  },
  ...guardianColumns(1),
  ...guardianColumns(2),
];

/** Lower case, no accents, separators as single `_`: `Année scolaire` → `annee_scolaire`. */
function normalizeHeaderName(name: string): string {
  return foldAccents(name)
    .replace(/[\s\-'’.]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
}

/** Every column but the guardian blocks, whose number varies. */
const FIXED_COLUMNS = PLAIN_ROSTER_COLUMNS.filter((c) => !c.name.startsWith('parent'));
const FIXED_BY_ALIAS = new Map(FIXED_COLUMNS.flatMap((c) => [[c.name, c.name] as const, [c.english, c.name] as const]));
// As written, the number may be missing (`parent_courriel`: the first guardian) or set apart (`Parent 2 - courriel`).
const GUARDIAN_FR = new RegExp(`^parent_?(\\d*)_(${GUARDIAN_FIELDS.map((f) => f.fr).join('|')})$`);
const GUARDIAN_EN = new RegExp(`^guardian_?(\\d*)_(${GUARDIAN_FIELDS.map((f) => f.en).join('|')})$`);
const GUARDIAN_FR_OF_EN: Record<string, string> = Object.fromEntries(GUARDIAN_FIELDS.map((f) => [f.en, f.fr]));

/** Canonical column of a normalized header name; null for a column this format does not read. */
function canonicalColumn(normalized: string): string | null {
  const fixed = FIXED_BY_ALIAS.get(normalized);
  if (fixed) return fixed;
  const fr = GUARDIAN_FR.exec(normalized);
  const en = fr ? null : GUARDIAN_EN.exec(normalized);
  const m = fr ?? en;
  if (!m) return null;
  const n = m[1] === '' ? 1 : Number(m[1]);
  if (n < 1) return null;
  return `parent${n}_${fr ? fr[2]! : GUARDIAN_FR_OF_EN[en![2]!]!}`;
}

function englishOf(column: string): string {
  const fixed = PLAIN_ROSTER_COLUMNS.find((c) => c.name === column);
  if (fixed) return fixed.english;
  const m = GUARDIAN_COLUMN.exec(column)!;
  const field = GUARDIAN_FIELDS.find((f) => f.fr === m[2])!;
  return `guardian${m[1]}_${field.en}`;
}

const RELATIONSHIPS = new Map<string, GuardianRelationship>([
  ['parent', 'parent'],
  ['pere', 'parent'],
  ['mere', 'parent'],
  ['father', 'parent'],
  ['mother', 'parent'],
  ['tuteur', 'guardian'],
  ['tutrice', 'guardian'],
  ['guardian', 'guardian'],
  ['autre', 'relative'],
  ['famille', 'relative'],
  ['relative', 'relative'],
]);
const RELATIONSHIP_WORDS = ['parent', 'père', 'mère', 'tuteur', 'tutrice', 'autre', 'famille', 'father', 'mother', 'guardian', 'relative'];

const EMAIL_RE = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>".]+$/;
const SCHOOL_YEAR_RE = /^(\d{4})\s*[-–—‑/]\s*(\d{4})$/;

/** Comparison form of a name: what differs only by case is the same name (cells come with their spaces already collapsed). */
function fold(value: string): string {
  return value.toLowerCase();
}

// ------------------------------------------------------------------ header

type Cell = (row: string[]) => string;

/** Column names of one guardian block, built once rather than on every line. */
interface GuardianBlock {
  email: string;
  givenName: string;
  familyName: string;
  relationship: string;
}

interface Header {
  /** Indexes of the columns read. */
  indexes: number[];
  /** Per canonical column: trimmed, NFC, inner spaces collapsed; '' when the column is absent. */
  cells: ReadonlyMap<string, Cell>;
  guardians: GuardianBlock[];
}

/** Identifiers keep their inner spacing: they are matched as written. */
const KEPT_AS_WRITTEN = new Set(['eleve_id', 'code_ecole']);

/**
 * The separator, from the header line: commas, unless the header has none but has semicolons
 * (what a spreadsheet set to French saves as "CSV") or tabs.
 */
function delimiterOf(text: Buffer | string): CsvDelimiter {
  const head = typeof text === 'string' ? text.slice(0, 4096) : text.subarray(0, 4096).toString('utf8');
  const nl = head.indexOf('\n');
  const header = nl === -1 ? head : head.slice(0, nl);
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  return header.includes('\t') ? '\t' : ',';
}

/**
 * The file's text. Spreadsheets save "CSV" in the system's code page unless told "CSV UTF-8": on
 * French Windows that is Windows-1252, which is read as such rather than refused (a file that is
 * valid UTF-8 is always read as UTF-8).
 */
function decodeSpreadsheetText(data: Buffer | string): Buffer | string {
  if (typeof data === 'string' || isUtf8(data)) return data;
  return new TextDecoder('windows-1252').decode(data);
}

const TEACHER_COLUMNS = ['enseignant_courriel', 'enseignant_prenom', 'enseignant_nom'];

/** The teacher's columns, all needed once any of them is in the header. */
function teacherColumns(present: ReadonlySet<string>): string[] {
  return TEACHER_COLUMNS.some((c) => present.has(c)) ? TEACHER_COLUMNS : [];
}

function guardianBlock(n: number): GuardianBlock {
  return { email: `parent${n}_courriel`, givenName: `parent${n}_prenom`, familyName: `parent${n}_nom`, relationship: `parent${n}_lien` };
}

/** Maps the header to canonical columns; reports what is missing or repeated and returns null then. */
function readHeader(table: CsvTable, report: (e: RosterError) => void): Header | null {
  const written = new Map<string, string>();
  let ok = true;
  for (const h of table.header) {
    const canonical = canonicalColumn(normalizeHeaderName(h));
    if (canonical === null) continue;
    if (written.has(canonical)) {
      report(rosterErrors.duplicateColumn(table.file, h));
      ok = false;
    } else written.set(canonical, h);
  }
  const numbers = new Set<number>();
  for (const c of written.keys()) {
    const m = GUARDIAN_COLUMN.exec(c);
    if (m) numbers.add(Number(m[1]));
  }
  const guardians = [...numbers].sort((a, b) => a - b).map(guardianBlock);
  const present = new Set(written.keys());
  // A guardian block needs its e-mail and names once any of its columns is in the header.
  const required = [
    ...PLAIN_ROSTER_COLUMNS.filter((c) => c.required).map((c) => c.name),
    ...teacherColumns(present),
    ...guardians.flatMap((g) => [g.email, g.givenName, g.familyName]),
  ];
  for (const c of required) {
    if (present.has(c)) continue;
    report(rosterErrors.missingPlainColumn(table.file, c, englishOf(c)));
    ok = false;
  }
  if (!ok) return null;
  const cols = new Columns(table, [], [...written.values()]);
  const names = [...FIXED_COLUMNS.map((c) => c.name), ...guardians.flatMap((g) => [g.email, g.givenName, g.familyName, g.relationship])];
  const cells = new Map(names.map((c) => [c, cellReader(cols.get(written.get(c) ?? ''), !KEPT_AS_WRITTEN.has(c))]));
  return { indexes: cols.indexes(), cells, guardians };
}

const RUN_OF_SPACES = /\s\s|[^\S ]/;

function cellReader(get: Cell, collapse: boolean): Cell {
  return (row) => {
    const v = get(row);
    if (v === '') return v;
    const nfc = v.normalize('NFC');
    return collapse && RUN_OF_SPACES.test(nfc) ? nfc.replace(/\s+/g, ' ') : nfc;
  };
}

// -------------------------------------------------------------- one line

interface PersonCells {
  email: string;
  emailNormalized: string;
  givenName: string;
  familyName: string;
}
interface GuardianCells extends PersonCells {
  relationship: GuardianRelationship;
  relationshipWritten: string;
}
interface LineData {
  school: string;
  schoolCode: string;
  year: { name: string; startsOn: string; endsOn: string };
  group: string;
  grades: string | null;
  studentId: string;
  student: PersonCells;
  teacher: PersonCells | null;
  guardians: GuardianCells[];
}

/** Reads and checks one line's cells; reports every problem and returns null when there was any. */
class LineReader {
  private ok = true;
  private row: string[] = [];
  private line = 0;

  constructor(
    private readonly file: string,
    private readonly header: Header,
    private readonly report: (e: RosterError) => void,
  ) {}

  read(row: string[], line: number): LineData | null {
    this.row = row;
    this.line = line;
    this.ok = true;
    const school = this.required('ecole');
    const year = this.schoolYear();
    const group = this.required('groupe');
    const studentId = this.required('eleve_id');
    const givenName = this.required('eleve_prenom');
    const familyName = this.required('eleve_nom');
    const studentEmail = this.email('eleve_courriel');
    const teacher = this.person('enseignant_courriel', 'enseignant_prenom', 'enseignant_nom');
    const guardians: GuardianCells[] = [];
    for (const block of this.header.guardians) {
      const g = this.guardian(block);
      if (g) guardians.push(g);
    }
    if (!this.ok || !year) return null;
    return {
      school,
      schoolCode: this.get('code_ecole'),
      year,
      group,
      grades: joinGrades(this.get('niveau')),
      studentId,
      student: { givenName, familyName, email: studentEmail.written, emailNormalized: studentEmail.normalized },
      teacher,
      guardians,
    };
  }

  private get(column: string): string {
    return this.header.cells.get(column)!(this.row);
  }

  private fail(e: RosterError): void {
    this.ok = false;
    this.report(e);
  }

  private required(column: string): string {
    const v = this.get(column);
    if (v === '') this.fail(rosterErrors.missingField(this.file, this.line, column));
    return v;
  }

  private email(column: string, written = this.get(column)): { written: string; normalized: string } {
    if (written !== '' && !EMAIL_RE.test(written)) this.fail(rosterErrors.invalidEmail(this.file, this.line, column, written));
    return { written, normalized: normalizeLogin(written) };
  }

  private schoolYear(): LineData['year'] | null {
    const written = this.required('annee_scolaire');
    if (written === '') return null;
    const m = SCHOOL_YEAR_RE.exec(written);
    const first = Number(m?.[1]);
    const second = Number(m?.[2]);
    if (!m || second !== first + 1 || first < 2000 || second > 2100) {
      this.fail(rosterErrors.invalidSchoolYear(this.file, this.line, 'annee_scolaire', written));
      return null;
    }
    // July 1 to June 30, the school year as Québec boards count it, so every school day falls inside.
    return { name: `${first}-${second}`, startsOn: `${first}-07-01`, endsOn: `${second}-06-30` };
  }

  /** A teacher or guardian: absent when all its cells are empty, else e-mail and names are required. */
  private person(emailColumn: string, givenColumn: string, familyColumn: string, extra = ''): PersonCells | null {
    const givenName = this.get(givenColumn);
    const familyName = this.get(familyColumn);
    const written = this.get(emailColumn);
    if (written === '' && givenName === '' && familyName === '' && extra === '') return null;
    if (written === '') this.fail(rosterErrors.emailRequired(this.file, this.line, emailColumn));
    const email = this.email(emailColumn, written);
    if (givenName === '') this.fail(rosterErrors.missingField(this.file, this.line, givenColumn));
    if (familyName === '') this.fail(rosterErrors.missingField(this.file, this.line, familyColumn));
    return { email: email.written, emailNormalized: email.normalized, givenName, familyName };
  }

  private guardian(block: GuardianBlock): GuardianCells | null {
    const written = this.get(block.relationship);
    const person = this.person(block.email, block.givenName, block.familyName, written);
    if (!person) return null;
    const relationship = written === '' ? 'parent' : RELATIONSHIPS.get(foldAccents(written));
    if (!relationship) {
      this.fail(rosterErrors.invalidValue(this.file, this.line, block.relationship, written, RELATIONSHIP_WORDS));
      return null;
    }
    return { ...person, relationship, relationshipWritten: written || 'parent' };
  }
}

// ------------------------------------------------------------ the set

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

function sameRelationship(word: string): string {
  return RELATIONSHIPS.get(foldAccents(word)) ?? word;
}

/**
 * Gathers the lines into one RosterSet, reporting what two lines say differently. People are kept
 * by their own key (student number, e-mail) and their enrollments and links on them, not in maps
 * of composite keys: files of a few hundred thousand lines stay quick.
 */
class PlainRosterBuilder {
  private readonly schools = new Map<string, { school: RosterSchool; line: number }>();
  /** Per folded school name: the first line written with a code (and which) and without one. */
  private readonly schoolNames = new Map<string, { coded?: { line: number; code: string }; uncoded?: number }>();
  private readonly years = new Map<string, RosterSchoolYear>();
  private readonly classes = new Map<string, ClassEntry>();
  private readonly students = new Map<string, Student>();
  private readonly teachers = new Map<string, Teacher>();
  private readonly guardians = new Map<string, Guardian>();
  /** Everyone, in order of first appearance. */
  private readonly persons: Person[] = [];
  private readonly enrollments: RosterEnrollment[] = [];
  private readonly grants: RosterRoleGrant[] = [];
  private readonly links: RosterGuardianLink[] = [];

  constructor(
    private readonly file: string,
    private readonly report: (e: RosterError) => void,
  ) {}

  add(d: LineData, line: number): void {
    const schoolKey = this.school(d, line);
    const cls = this.klass(d, line, schoolKey);
    const student = this.student(d, line);
    this.enroll(d, line, cls, student);
    if (d.teacher) this.teacher(d.teacher, line, cls);
    for (const g of d.guardians) this.guardian(g, line, d.studentId, student);
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

  private guardian(g: GuardianCells, line: number, studentNumber: string, student: Student): void {
    const email = g.emailNormalized;
    let guardian = this.guardians.get(email);
    if (guardian) this.samePerson(guardian, { kind: 'guardian', email }, g, line);
    else {
      guardian = new Guardian(userOf(`csv:guardian:${email}`, 'guardian', g.relationship, g, null), line);
      this.guardians.set(email, guardian);
      this.persons.push(guardian);
    }
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
}

// ------------------------------------------------------------ entry points

function isBlank(data: Buffer | string): boolean {
  if (typeof data === 'string') return data.replace(/^\ufeff/, '').trim() === '';
  const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  for (let i = start; i < data.length; i++) {
    const b = data[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

function parseInto(file: string, data: Buffer | string, errors: ErrorList, opts: ParseOneRosterOptions): RosterSet | null {
  const report = errors.add;
  // An empty file is "no students", not "no header": say what would matter to the person importing.
  if (isBlank(data)) {
    report(rosterErrors.noRows(file));
    return null;
  }
  const text = decodeSpreadsheetText(data);
  const table = readCsvTable(file, text, report, { ...opts, delimiter: delimiterOf(text) });
  if (!table) return null;
  const header = readHeader(table, report);
  if (!header) return null;
  const { indexes } = header;
  const reader = new LineReader(file, header, report);
  const builder = new PlainRosterBuilder(file, report);
  let rows = 0;
  const wellFormed = table.forEachRow(indexes, (row, line) => {
    // Spreadsheets leave lines of empty cells (",,,,") below the data.
    if (indexes.every((i) => row[i]!.trim() === '')) return;
    rows++;
    const d = reader.read(row, line);
    if (d) builder.add(d, line);
  });
  if (rows === 0 && wellFormed) report(rosterErrors.noRows(file));
  if (errors.list.length > 0) return null;
  return builder.build();
}

/** Reads the plain CSV roster `file` (its name, for the messages) into a RosterSet, or every error found. */
export function parsePlainRoster(file: string, data: Buffer | string, opts: ParseOneRosterOptions = {}): ParseOneRosterResult {
  return parseCollectingErrors(opts.maxErrors ?? MAX_ROSTER_ERRORS, (errors) => parseInto(file, data, errors, opts));
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const TEMPLATE_LINES: Record<string, string>[] = [
  {
    ecole: 'École primaire des Bleuets',
    code_ecole: '751001',
    annee_scolaire: '2026-2027',
    groupe: '3A',
    niveau: '03',
    eleve_id: '1234567',
    eleve_prenom: 'Léa',
    eleve_nom: 'Lavoie',
    enseignant_courriel: 'marie.gagnon@exemple.ca',
    enseignant_prenom: 'Marie',
    enseignant_nom: 'Gagnon',
    parent1_courriel: 'sophie.lavoie@exemple.ca',
    parent1_prenom: 'Sophie',
    parent1_nom: 'Lavoie',
    parent1_lien: 'mère',
    parent2_courriel: 'marc.lavoie@exemple.ca',
    parent2_prenom: 'Marc',
    parent2_nom: 'Lavoie',
    parent2_lien: 'père',
  },
  {
    ecole: 'École primaire des Bleuets',
    code_ecole: '751001',
    annee_scolaire: '2026-2027',
    groupe: '3A',
    niveau: '03',
    eleve_id: '1234568',
    eleve_prenom: 'Noah',
    eleve_nom: 'Tremblay',
    enseignant_courriel: 'marie.gagnon@exemple.ca',
    enseignant_prenom: 'Marie',
    enseignant_nom: 'Gagnon',
    parent1_courriel: 'julie.tremblay@exemple.ca',
    parent1_prenom: 'Julie',
    parent1_nom: 'Tremblay',
    parent1_lien: 'tutrice',
  },
];

/** A ready-to-fill CSV (UTF-8 with BOM, CRLF, French header names) with the header and two example lines. */
export function plainRosterTemplate(): string {
  // The BOM makes spreadsheets open the file as UTF-8, so accents survive the round trip.
  const names = PLAIN_ROSTER_COLUMNS.map((c) => c.name);
  const lines = [names.join(','), ...TEMPLATE_LINES.map((l) => names.map((n) => csvField(l[n] ?? '')).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
