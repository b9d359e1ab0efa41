import type { RosterClass, RosterStatus } from './oneroster-types.ts';
import type { OrgsRead } from './oneroster-orgs.ts';
import type { OneRosterRows } from './oneroster-rows.ts';
import type { SchoolYears, SessionsRead } from './oneroster-sessions.ts';
import { rosterErrors } from './roster-error.ts';
import { joinGrades, splitMulti } from './roster-values.ts';

interface CourseInfo {
  title: string;
  grades: string | null;
}

/** courses.csv (optional): the title and grades a class without its own takes from its course. */
export function readCourses(rows: OneRosterRows): Map<string, CourseInfo> {
  const courses = new Map<string, CourseInfo>();
  const cols = rows.open('courses', ['sourcedId', 'title'], ['grades']);
  if (!cols) return courses;
  const title = cols.get('title');
  const grades = cols.get('grades');
  rows.forEachRecord(cols, (row, _line, sourcedId) => {
    courses.set(sourcedId, { title: title(row), grades: joinGrades(grades(row)) });
  });
  return courses;
}

export interface KnownClass {
  status: RosterStatus;
  /** Its rank in classes.csv, a number to key enrollments by. */
  rank: number;
}

export interface ClassesRead {
  /** Every class by sourcedId (also those with errors, so references to them are not reported twice). */
  known: Map<string, KnownClass>;
  /** False when classes.csv is absent or unreadable: references to it are not checked then. */
  usable: boolean;
  classes: RosterClass[];
}

/** What a class row refers to, read from the other files. */
interface ClassContext {
  orgs: OrgsRead;
  sessions: SessionsRead;
  years: SchoolYears;
  courses: ReadonlyMap<string, CourseInfo>;
}

/** classes.csv: each class with its school, its school year (through its terms) and its name. */
export function readClasses(rows: OneRosterRows, ctx: ClassContext): ClassesRead {
  const read: ClassesRead = { known: new Map(), usable: false, classes: [] };
  const cols = rows.open('classes', ['sourcedId', 'schoolSourcedId', 'termSourcedIds'], ['title', 'classCode', 'grades', 'courseSourcedId', 'status']);
  if (!cols) return read;
  const file = cols.table.file;
  const title = cols.get('title');
  const code = cols.get('classCode');
  const grades = cols.get('grades');
  const course = cols.get('courseSourcedId');
  const school = cols.get('schoolSourcedId');
  const terms = cols.get('termSourcedIds');
  const status = cols.get('status');
  read.usable = rows.forEachRecord(cols, (row, line, sourcedId) => {
    const known: KnownClass = { status: rows.status(file, line, status(row)), rank: read.known.size };
    read.known.set(sourcedId, known);
    const schoolId = school(row);
    const schoolOk = classSchool(rows, ctx.orgs, file, line, schoolId);
    const yearId = classYear(rows, ctx, file, line, splitMulti(terms(row)));
    const courseId = course(row);
    const c = courseId === '' ? undefined : ctx.courses.get(courseId);
    const name = classTitle(rows, file, line, title(row), courseId, c);
    if (!schoolOk || yearId === null || name === null) return;
    if (ctx.orgs.orgs.get(schoolId)?.status === 'ended' || ctx.years.statusOf(yearId) === 'ended') known.status = 'ended';
    const st = known.status;
    const g = joinGrades(grades(row)) ?? c?.grades ?? null;
    read.classes.push({ sourcedId, name, code: code(row) || null, grades: g, schoolSourcedId: schoolId, schoolYearSourcedId: yearId, status: st });
  });
  return read;
}

/** The class's school: present, in orgs.csv, and of type school. */
function classSchool(rows: OneRosterRows, orgs: OrgsRead, file: string, line: number, schoolId: string): boolean {
  if (!rows.required(file, line, 'schoolSourcedId', schoolId)) return false;
  if (!orgs.usable) return true;
  const org = orgs.orgs.get(schoolId);
  if (!org) {
    rows.report(rosterErrors.unknownReference(file, line, 'schoolSourcedId', schoolId, 'orgs.csv'));
    return false;
  }
  if (org.type === 'school') return true;
  const expected = { fr: 'une école (type school) de orgs.csv', en: 'a school (type school) of orgs.csv' };
  if (org.type !== '') rows.report(rosterErrors.wrongReference(file, line, 'schoolSourcedId', schoolId, expected));
  return false;
}

/**
 * The school year of the class's first term that has one; null (and reported) when a term is
 * unknown or none has one. Not checked (and null) when academicSessions.csv is unusable.
 */
function classYear(rows: OneRosterRows, ctx: ClassContext, file: string, line: number, termIds: readonly string[]): string | null {
  if (termIds.length === 0) {
    rows.report(rosterErrors.missingField(file, line, 'termSourcedIds'));
    return null;
  }
  if (!ctx.sessions.usable) return null;
  let known = true;
  for (const t of termIds) {
    if (ctx.sessions.sessions.has(t)) continue;
    rows.report(rosterErrors.unknownReference(file, line, 'termSourcedIds', t, 'academicSessions.csv'));
    known = false;
  }
  if (!known) return null;
  for (const t of termIds) {
    const yearId = ctx.years.yearOf(t);
    if (yearId !== null) return yearId;
  }
  rows.report(rosterErrors.unresolvedTerm(file, line, termIds));
  return null;
}

/** The class's own title, else its course's; null (and reported) when neither is there. */
function classTitle(rows: OneRosterRows, file: string, line: number, own: string, courseId: string, course: CourseInfo | undefined): string | null {
  if (own !== '') return own;
  if (courseId !== '' && !course) {
    rows.report(rosterErrors.unknownReference(file, line, 'courseSourcedId', courseId, 'courses.csv'));
    return null;
  }
  if (course && course.title !== '') return course.title;
  rows.report(rosterErrors.missingField(file, line, 'title'));
  return null;
}
