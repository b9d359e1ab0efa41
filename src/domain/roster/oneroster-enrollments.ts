import type { OneRosterUserRole, RosterEnrollment, RosterRoleGrant, RosterStatus, RosterUser } from './oneroster-types.ts';
import type { ClassesRead, KnownClass } from './oneroster-classes.ts';
import type { OneRosterRows } from './oneroster-rows.ts';
import { USER_ROLE, type UsersRead } from './oneroster-users.ts';
import { rosterErrors } from './roster-error.ts';
import type { Columns } from './roster-columns.ts';
import { rosterWarnings, type RosterWarning } from './roster-warning.ts';
import type { LocalizedText } from './roster-wording.ts';

interface EnrollmentsRead {
  /** Students in their classes. */
  enrollments: RosterEnrollment[];
  /** Teachers (and aides) of their classes. */
  teachers: RosterRoleGrant[];
}

/** One enrollments.csv row whose cells and references are all good. */
interface EnrollmentRow {
  sourcedId: string;
  line: number;
  role: OneRosterUserRole;
  classId: string;
  /** The class's rank in classes.csv and the user's index in users.csv's users, to key the pair by. */
  classRank: number;
  userIndex: number;
  user: RosterUser;
  startsOn: string | null;
  endsOn: string | null;
  /** Ended when the row, its class or its user is. */
  status: RosterStatus;
}

/** What an enrollment role gives in Balise, and whom it may name. Other roles (administrator, proctor, guardians) give nothing. */
const GIVES: Partial<Record<OneRosterUserRole, { stored: 'student' | 'teacher'; kind: RosterUser['kind']; expected: LocalizedText }>> = {
  student: { stored: 'student', kind: 'student', expected: { fr: 'un élève (rôle student) dans users.csv', en: 'a student (role student) in users.csv' } },
  teacher: { stored: 'teacher', kind: 'staff', expected: staffExpected() },
  aide: { stored: 'teacher', kind: 'staff', expected: staffExpected() },
};

function staffExpected(): LocalizedText {
  return {
    fr: 'un membre du personnel (rôle teacher, aide, administrator ou proctor) dans users.csv',
    en: 'a staff member (role teacher, aide, administrator or proctor) in users.csv',
  };
}

/**
 * enrollments.csv: students in classes and teachers of classes. The same class, person and role
 * under a second sourcedId, both active, is stored once, with a warning (issue 16 B3).
 */
export function readEnrollments(rows: OneRosterRows, classes: ClassesRead, users: UsersRead, warn: (w: RosterWarning) => void): EnrollmentsRead {
  const read: EnrollmentsRead = { enrollments: [], teachers: [] };
  const cols = rows.open('enrollments', ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'], ['status', 'beginDate', 'endDate']);
  if (!cols) return read;
  const file = cols.table.file;
  const readRow = enrollmentRowReader(rows, cols, classes, users);
  // A number per class and user: a map of composite strings is several times slower on large boards.
  const firstLine = { student: new Map<number, number>(), teacher: new Map<number, number>() };
  rows.forEachRecord(cols, (row, line, sourcedId) => {
    const e = readRow(row, line, sourcedId);
    const gives = e && GIVES[e.role];
    if (!e || !gives) return;
    if (e.user.kind !== gives.kind) return rows.report(rosterErrors.wrongReference(file, line, 'userSourcedId', e.user.sourcedId, gives.expected));
    if (e.status === 'active') {
      const seen = firstLine[gives.stored];
      const key = e.classRank * users.users.length + e.userIndex;
      const first = seen.get(key);
      if (first !== undefined) return warn(rosterWarnings.duplicateEnrollment(file, line, sourcedId, first));
      seen.set(key, line);
    }
    if (gives.stored === 'student') read.enrollments.push(enrollmentOf(e));
    else read.teachers.push(teacherOf(e));
  });
  return read;
}

function enrollmentOf(e: EnrollmentRow): RosterEnrollment {
  return { sourcedId: e.sourcedId, classSourcedId: e.classId, userSourcedId: e.user.sourcedId, startsOn: e.startsOn, endsOn: e.endsOn, status: e.status };
}

function teacherOf(e: EnrollmentRow): RosterRoleGrant {
  return { sourcedId: e.sourcedId, role: 'teacher', scope: 'class', scopeSourcedId: e.classId, userSourcedId: e.user.sourcedId, status: e.status };
}

const ENROLLMENT_DATES = ['beginDate', 'endDate'] as const;

/** Reads one row: its cells, its class and its user; null (and reported) when anything is wrong. */
function enrollmentRowReader(rows: OneRosterRows, cols: Columns, classes: ClassesRead, users: UsersRead) {
  const file = cols.table.file;
  const klass = cols.get('classSourcedId');
  const user = cols.get('userSourcedId');
  const role = cols.get('role');
  const status = cols.get('status');
  const begin = cols.get('beginDate');
  const end = cols.get('endDate');
  return (row: string[], line: number, sourcedId: string): EnrollmentRow | null => {
    const st = rows.status(file, line, status(row));
    const r = rows.choice(file, line, 'role', role(row), USER_ROLE);
    const classId = klass(row);
    const cls = knownClass(rows, classes, file, line, classId);
    const userIndex = userIndexOf(rows, users, file, line, user(row));
    const { startsOn, endsOn, inOrder } = rows.period(file, line, ENROLLMENT_DATES, begin(row), end(row), false);
    const u = userIndex === null ? undefined : users.users[userIndex];
    if (r === undefined || !cls || !u || startsOn === undefined || endsOn === undefined || !inOrder) return null;
    const effective = st === 'ended' || cls.status === 'ended' || u.status === 'ended' ? 'ended' : 'active';
    return { sourcedId, line, role: r, classId, classRank: cls.rank, userIndex: userIndex!, user: u, startsOn, endsOn, status: effective };
  };
}

/** The class; null when it is missing or unknown (reported), or cannot be known (classes.csv unusable). */
function knownClass(rows: OneRosterRows, classes: ClassesRead, file: string, line: number, classId: string): KnownClass | null {
  if (!rows.required(file, line, 'classSourcedId', classId) || !classes.usable) return null;
  const known = classes.known.get(classId);
  if (known === undefined) rows.report(rosterErrors.unknownReference(file, line, 'classSourcedId', classId, 'classes.csv'));
  return known ?? null;
}

/**
 * The user's index in `users`; null when missing or unknown (reported), or when it cannot be
 * known (users.csv unusable, or the user's own row had errors: -1).
 */
function userIndexOf(rows: OneRosterRows, users: UsersRead, file: string, line: number, userId: string): number | null {
  if (!rows.required(file, line, 'userSourcedId', userId) || !users.usable) return null;
  const j = users.index.get(userId);
  if (j === undefined) rows.report(rosterErrors.unknownReference(file, line, 'userSourcedId', userId, 'users.csv'));
  return j === undefined || j < 0 ? null : j;
}
