import { readCsvTable, type ReadCsvOptions } from './csv-table.ts';
import type {
  GuardianRelationship,
  OneRosterUserRole,
  RosterClass,
  RosterDistrict,
  RosterEnrollment,
  RosterGuardianLink,
  RosterPersonKind,
  RosterRoleGrant,
  RosterSchool,
  RosterSchoolYear,
  RosterSet,
  RosterStatus,
  RosterUser,
} from './oneroster-types.ts';
import { MAX_ROSTER_ERRORS, rosterErrors, type RosterError } from './roster-error.ts';
import { Columns, parseCollectingErrors, type ErrorList } from './roster-columns.ts';
import { normalizeLogin } from '../people/login-name.ts';
import { joinGrades, parseRosterBoolean, parseRosterDate, splitMulti } from './roster-values.ts';

/**
 * Reads a OneRoster 1.1 bulk CSV set (ORG-2) and checks all of it before anything is written:
 * every file, every line, every reference. Files are matched on their base name, in any case;
 * columns by header name, in any order and any case; vendor columns are ignored.
 */
export type ParseOneRosterResult = { ok: true; set: RosterSet } | { ok: false; errors: RosterError[] };

export interface ParseOneRosterOptions extends ReadCsvOptions {
  /** Errors reported at most (then one `roster.too_many_errors`). */
  maxErrors?: number;
}

const ONEROSTER_FILES = {
  orgs: 'orgs.csv',
  academicSessions: 'academicSessions.csv',
  courses: 'courses.csv',
  classes: 'classes.csv',
  users: 'users.csv',
  enrollments: 'enrollments.csv',
} as const;
type FileKey = keyof typeof ONEROSTER_FILES;
const REQUIRED_FILES: readonly FileKey[] = ['orgs', 'academicSessions', 'classes', 'users', 'enrollments'];
const FILE_BY_LOWER = new Map<string, FileKey>(
  (Object.entries(ONEROSTER_FILES) as [FileKey, string][]).map(([k, name]) => [name.toLowerCase(), k]),
);

const STATUS_VALUES = ['active', 'tobedeleted', 'inactive'];
const ORG_TYPES = ['district', 'school', 'department', 'local', 'state', 'national'];
const SESSION_TYPES = ['schoolYear', 'term', 'semester', 'gradingPeriod'];
const USER_ROLES: readonly OneRosterUserRole[] = [
  'student',
  'teacher',
  'administrator',
  'aide',
  'proctor',
  'parent',
  'guardian',
  'relative',
];
const KIND_OF_ROLE: Record<OneRosterUserRole, RosterPersonKind> = {
  student: 'student',
  teacher: 'staff',
  administrator: 'staff',
  aide: 'staff',
  proctor: 'staff',
  parent: 'guardian',
  guardian: 'guardian',
  relative: 'guardian',
};
/** A fixed list of values, looked up in any case, giving each value's own spelling. */
const choices = <T extends string>(values: readonly T[]) => ({ values, byLower: new Map(values.map((v) => [v.toLowerCase(), v])) });
const STATUS = choices(STATUS_VALUES);
const ORG_TYPE = choices(ORG_TYPES);
const SESSION_TYPE = choices(SESSION_TYPES);
const USER_ROLE = choices(USER_ROLES);

function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

interface OrgInfo {
  type: string;
  status: RosterStatus;
}
interface SessionInfo {
  type: string;
  parent: string;
  startsOn: string | null;
  endsOn: string | null;
  status: RosterStatus;
  line: number;
}
interface CourseInfo {
  title: string;
  grades: string | null;
}
interface ClassInfo {
  status: RosterStatus;
}

export function parseOneRoster(files: ReadonlyMap<string, Buffer | string>, opts: ParseOneRosterOptions = {}): ParseOneRosterResult {
  return parseCollectingErrors(opts.maxErrors ?? MAX_ROSTER_ERRORS, (errors) => parseInto(files, errors, opts));
}

function parseInto(files: ReadonlyMap<string, Buffer | string>, errors: ErrorList, opts: ReadCsvOptions): RosterSet | null {
  const report = errors.add;

  // Which file is which, on base name in any case.
  const found = new Map<FileKey, Buffer | string>();
  for (const [name, data] of files) {
    const key = FILE_BY_LOWER.get(basename(name).toLowerCase());
    if (!key) continue;
    if (found.has(key)) report(rosterErrors.duplicateFile(ONEROSTER_FILES[key]));
    else found.set(key, data);
  }
  for (const key of REQUIRED_FILES) if (!found.has(key)) report(rosterErrors.missingFile(ONEROSTER_FILES[key]));

  const open = (key: FileKey, required: readonly string[], optional: readonly string[]): Columns | null => {
    const data = found.get(key);
    if (data === undefined) return null;
    const table = readCsvTable(ONEROSTER_FILES[key], data, report, opts);
    if (!table) return null;
    const cols = new Columns(table, required, optional);
    const missing = cols.missing();
    for (const c of missing) report(rosterErrors.missingColumn(table.file, c));
    return missing.length > 0 ? null : cols;
  };

  const readStatus = (file: string, line: number, value: string): RosterStatus => {
    if (value === '') return 'active';
    // An unknown status is reported; the line is read as active meanwhile (nothing is written anyway).
    const v = readChoice(file, line, 'status', value, STATUS);
    return v === undefined || v === 'active' ? 'active' : 'ended';
  };

  /** Duplicate check on sourcedId; returns false when the row must be skipped. */
  const checkId = (file: string, line: number, id: string, seen: Map<string, number>): boolean => {
    if (id === '') {
      report(rosterErrors.missingField(file, line, 'sourcedId'));
      return false;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      report(rosterErrors.duplicateId(file, line, id, first));
      return false;
    }
    seen.set(id, line);
    return true;
  };

  /** Visits each row whose sourcedId is present and not repeated; the others are reported and skipped. */
  const forEachRecord = (cols: Columns, visit: (row: string[], line: number, sourcedId: string) => void): boolean => {
    const id = cols.get('sourcedId');
    const seen = new Map<string, number>();
    return cols.table.forEachRow(cols.indexes(), (row, line) => {
      const sourcedId = id(row);
      if (checkId(cols.table.file, line, sourcedId, seen)) visit(row, line, sourcedId);
    });
  };

  const requireField = (file: string, line: number, column: string, value: string): boolean => {
    if (value !== '') return true;
    report(rosterErrors.missingField(file, line, column));
    return false;
  };

  /** A required value from a fixed list, in any case; undefined (and reported) when absent or not in it. */
  const readChoice = <T extends string>(file: string, line: number, column: string, value: string, list: ReturnType<typeof choices<T>>): T | undefined => {
    if (!requireField(file, line, column, value)) return undefined;
    const v = list.byLower.get(value.toLowerCase());
    if (v === undefined) report(rosterErrors.invalidValue(file, line, column, value, list.values));
    return v;
  };

  const readDate = (file: string, line: number, column: string, value: string, required: boolean): string | null | undefined => {
    if (value === '') {
      if (required) report(rosterErrors.missingField(file, line, column));
      return required ? undefined : null;
    }
    const d = parseRosterDate(value);
    if (d === null) {
      report(rosterErrors.invalidDate(file, line, column, value));
      return undefined;
    }
    return d;
  };

  // ---------------------------------------------------------------- orgs.csv
  const orgs = new Map<string, OrgInfo>();
  let orgsUsable = false;
  let district: RosterDistrict | null = null;
  const schools: RosterSchool[] = [];
  {
    const cols = open('orgs', ['sourcedId', 'name', 'type'], ['status', 'identifier']);
    if (cols) {
      const file = cols.table.file;
      const name = cols.get('name');
      const type = cols.get('type');
      const status = cols.get('status');
      const identifier = cols.get('identifier');
      const rowsOk = forEachRecord(cols, (row, line, sourcedId) => {
        const st = readStatus(file, line, status(row));
        const t = readChoice(file, line, 'type', type(row), ORG_TYPE);
        orgs.set(sourcedId, { type: t ?? '', status: st });
        const n = name(row);
        if (!requireField(file, line, 'name', n) || t === undefined) return;
        if (t === 'district' && district === null) district = { sourcedId, name: n };
        if (t === 'school') schools.push({ sourcedId, name: n, code: identifier(row) || null, status: st });
      });
      orgsUsable = rowsOk;
    }
  }

  // ------------------------------------------------------ academicSessions.csv
  const sessions = new Map<string, SessionInfo>();
  let sessionsUsable = false;
  const schoolYears: RosterSchoolYear[] = [];
  {
    const cols = open('academicSessions', ['sourcedId', 'title', 'type', 'startDate', 'endDate'], ['status', 'parentSourcedId']);
    if (cols) {
      const file = cols.table.file;
      const title = cols.get('title');
      const type = cols.get('type');
      const start = cols.get('startDate');
      const end = cols.get('endDate');
      const status = cols.get('status');
      const parent = cols.get('parentSourcedId');
      const rowsOk = forEachRecord(cols, (row, line, sourcedId) => {
        const st = readStatus(file, line, status(row));
        const t = readChoice(file, line, 'type', type(row), SESSION_TYPE);
        const ttl = title(row);
        const titleOk = requireField(file, line, 'title', ttl);
        const rawStart = start(row);
        const rawEnd = end(row);
        const startsOn = readDate(file, line, 'startDate', rawStart, true);
        const endsOn = readDate(file, line, 'endDate', rawEnd, true);
        if (startsOn && endsOn && endsOn < startsOn) report(rosterErrors.dateOrder(file, line, rawStart, rawEnd));
        sessions.set(sourcedId, {
          type: t ?? '',
          parent: parent(row),
          startsOn: startsOn ?? null,
          endsOn: endsOn ?? null,
          status: st,
          line,
        });
        if (t === 'schoolYear' && titleOk && startsOn && endsOn) {
          schoolYears.push({ sourcedId, name: ttl, startsOn, endsOn, status: st });
        }
      });
      sessionsUsable = rowsOk;
      for (const s of sessions.values()) {
        if (s.parent !== '' && !sessions.has(s.parent)) {
          report(rosterErrors.unknownReference(file, s.line, 'parentSourcedId', s.parent, file));
        }
      }
    }
  }
  const yearStatus = new Map(schoolYears.map((y) => [y.sourcedId, y.status]));
  const yearOfSession = new Map<string, string | null>();
  /** The school year a session belongs to: itself, up its parents, else the one whose dates contain its start. */
  const resolveYear = (sessionId: string): string | null => {
    const cached = yearOfSession.get(sessionId);
    if (cached !== undefined) return cached;
    let result: string | null = null;
    const visited = new Set<string>();
    let cur: string | undefined = sessionId;
    let first: SessionInfo | undefined;
    while (cur !== undefined && cur !== '' && !visited.has(cur)) {
      visited.add(cur);
      const s = sessions.get(cur);
      if (!s) break;
      first ??= s;
      if (s.type === 'schoolYear') {
        result = yearStatus.has(cur) ? cur : null;
        break;
      }
      cur = s.parent;
    }
    if (result === null && first && first.type !== 'schoolYear' && first.startsOn) {
      const day = first.startsOn;
      result = schoolYears.find((y) => y.startsOn <= day && day <= y.endsOn)?.sourcedId ?? null;
    }
    yearOfSession.set(sessionId, result);
    return result;
  };

  // ----------------------------------------------------------- courses.csv
  const courses = new Map<string, CourseInfo>();
  {
    const cols = open('courses', ['sourcedId', 'title'], ['grades']);
    if (cols) {
      const file = cols.table.file;
      const title = cols.get('title');
      const grades = cols.get('grades');
      forEachRecord(cols, (row, line, sourcedId) => {
        courses.set(sourcedId, { title: title(row), grades: joinGrades(grades(row)) });
      });
    }
  }

  // ----------------------------------------------------------- classes.csv
  const classInfo = new Map<string, ClassInfo>();
  let classesUsable = false;
  const classes: RosterClass[] = [];
  const schoolStatus = new Map(schools.map((s) => [s.sourcedId, s.status]));
  {
    const cols = open(
      'classes',
      ['sourcedId', 'schoolSourcedId', 'termSourcedIds'],
      ['title', 'classCode', 'grades', 'courseSourcedId', 'status'],
    );
    if (cols) {
      const file = cols.table.file;
      const title = cols.get('title');
      const code = cols.get('classCode');
      const grades = cols.get('grades');
      const course = cols.get('courseSourcedId');
      const school = cols.get('schoolSourcedId');
      const terms = cols.get('termSourcedIds');
      const status = cols.get('status');
      const rowsOk = forEachRecord(cols, (row, line, sourcedId) => {
        let ok = true;
        let st = readStatus(file, line, status(row));
        classInfo.set(sourcedId, { status: st });

        const schoolId = school(row);
        if (!requireField(file, line, 'schoolSourcedId', schoolId)) ok = false;
        else if (orgsUsable) {
          const org = orgs.get(schoolId);
          if (!org) {
            report(rosterErrors.unknownReference(file, line, 'schoolSourcedId', schoolId, 'orgs.csv'));
            ok = false;
          } else if (org.type !== 'school') {
            if (org.type !== '') {
              report(rosterErrors.wrongReference(file, line, 'schoolSourcedId', schoolId, {
                fr: 'une école (type school) de orgs.csv',
                en: 'a school (type school) of orgs.csv',
              }));
            }
            ok = false;
          }
        }

        const termIds = splitMulti(terms(row));
        let yearId: string | null = null;
        if (termIds.length === 0) {
          report(rosterErrors.missingField(file, line, 'termSourcedIds'));
          ok = false;
        } else if (sessionsUsable) {
          for (const t of termIds) {
            if (!sessions.has(t)) {
              report(rosterErrors.unknownReference(file, line, 'termSourcedIds', t, 'academicSessions.csv'));
              ok = false;
            }
          }
          if (ok) {
            for (const t of termIds) {
              yearId = resolveYear(t);
              if (yearId !== null) break;
            }
            if (yearId === null) {
              report(rosterErrors.unresolvedTerm(file, line, termIds));
              ok = false;
            }
          }
        }

        const courseId = course(row);
        const c = courseId === '' ? undefined : courses.get(courseId);
        let name = title(row);
        if (name === '') {
          if (courseId === '') {
            report(rosterErrors.missingField(file, line, 'title'));
            ok = false;
          } else if (!c) {
            report(rosterErrors.unknownReference(file, line, 'courseSourcedId', courseId, 'courses.csv'));
            ok = false;
          } else if (c.title === '') {
            report(rosterErrors.missingField(file, line, 'title'));
            ok = false;
          } else name = c.title;
        }
        const g = joinGrades(grades(row)) ?? c?.grades ?? null;

        if (!ok || yearId === null) return;
        if (schoolStatus.get(schoolId) === 'ended' || yearStatus.get(yearId) === 'ended') st = 'ended';
        classInfo.set(sourcedId, { status: st });
        classes.push({
          sourcedId,
          name,
          code: code(row) || null,
          grades: g,
          schoolSourcedId: schoolId,
          schoolYearSourcedId: yearId,
          status: st,
        });
      });
      classesUsable = rowsOk;
    }
  }

  // ------------------------------------------------------------- users.csv
  const users: RosterUser[] = [];
  const userIndex = new Map<string, number>();
  let usersUsable = false;
  const roleGrants: RosterRoleGrant[] = [];
  const guardianLinks: RosterGuardianLink[] = [];
  {
    const cols = open(
      'users',
      ['sourcedId', 'role', 'givenName', 'familyName'],
      ['status', 'preferredFirstName', 'email', 'username', 'grades', 'enabledUser', 'orgSourcedIds', 'agentSourcedIds'],
    );
    if (cols) {
      const file = cols.table.file;
      const role = cols.get('role');
      const given = cols.get('givenName');
      const family = cols.get('familyName');
      const status = cols.get('status');
      const preferred = cols.get('preferredFirstName');
      const email = cols.get('email');
      const username = cols.get('username');
      const grades = cols.get('grades');
      const enabled = cols.get('enabledUser');
      const orgIds = cols.get('orgSourcedIds');
      const agents = cols.get('agentSourcedIds');
      /** Rows that name agents, checked once every user is known. */
      const agentRows: { user: number; line: number; ids: string[] }[] = [];
      const rowsOk = forEachRecord(cols, (row, line, sourcedId) => {
        let ok = true;
        const st = readStatus(file, line, status(row));
        const r = readChoice(file, line, 'role', role(row), USER_ROLE);
        const gn = given(row);
        const fn = family(row);
        if (!requireField(file, line, 'givenName', gn)) ok = false;
        if (!requireField(file, line, 'familyName', fn)) ok = false;
        const rawEnabled = enabled(row);
        const en = parseRosterBoolean(rawEnabled, true);
        if (en === null) {
          report(rosterErrors.invalidValue(file, line, 'enabledUser', rawEnabled, ['true', 'false']));
          ok = false;
        }
        const orgList = splitMulti(orgIds(row));
        if (orgsUsable) {
          for (const o of orgList) {
            if (!orgs.has(o)) {
              report(rosterErrors.unknownReference(file, line, 'orgSourcedIds', o, 'orgs.csv'));
              ok = false;
            }
          }
        }
        const agentList = splitMulti(agents(row));
        if (!ok || r === undefined) {
          // Still known as a user (marked unusable), so references to it are not reported twice.
          userIndex.set(sourcedId, -1);
          return;
        }
        const e = email(row);
        const index = users.length;
        userIndex.set(sourcedId, index);
        users.push({
          sourcedId,
          role: r,
          kind: KIND_OF_ROLE[r],
          givenName: gn,
          familyName: fn,
          preferredName: preferred(row) || null,
          email: e || null,
          emailNormalized: e ? normalizeLogin(e) : null,
          username: username(row) || null,
          grades: joinGrades(grades(row)),
          enabled: en!,
          status: st,
        });
        if (agentList.length > 0) agentRows.push({ user: index, line, ids: agentList });
        if (r === 'administrator') {
          for (const o of orgList) {
            const org = orgs.get(o);
            if (org?.type !== 'school') continue;
            roleGrants.push({
              sourcedId: `${sourcedId}@${o}`,
              role: 'principal',
              scope: 'school',
              scopeSourcedId: o,
              userSourcedId: sourcedId,
              status: st === 'ended' || org.status === 'ended' ? 'ended' : 'active',
            });
          }
        }
      });
      usersUsable = rowsOk;
      // Guardian links, declared from the student's row, the guardian's row, or both.
      if (!rowsOk) agentRows.length = 0;
      const pairs = new Set<number>();
      const n = users.length;
      for (const a of agentRows) {
        const self = users[a.user]!;
        for (const other of a.ids) {
          const j = userIndex.get(other);
          if (j === undefined) {
            report(rosterErrors.unknownReference(file, a.line, 'agentSourcedIds', other, 'users.csv'));
            continue;
          }
          if (j < 0) continue;
          const peer = users[j]!;
          let guardian: RosterUser;
          let student: RosterUser;
          let key: number;
          if (self.kind === 'student' && peer.kind === 'guardian') {
            student = self;
            guardian = peer;
            key = j * n + a.user;
          } else if (self.kind === 'guardian' && peer.kind === 'student') {
            guardian = self;
            student = peer;
            key = a.user * n + j;
          } else continue; // other agents (e.g. a teacher) do not make a guardian link
          if (pairs.has(key)) continue;
          pairs.add(key);
          guardianLinks.push({
            guardianSourcedId: guardian.sourcedId,
            studentSourcedId: student.sourcedId,
            relationship: guardian.role as GuardianRelationship,
            status: guardian.status === 'ended' || student.status === 'ended' ? 'ended' : 'active',
          });
        }
      }
    }
  }

  // ------------------------------------------------------- enrollments.csv
  const enrollments: RosterEnrollment[] = [];
  {
    const cols = open('enrollments', ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'], ['status', 'beginDate', 'endDate']);
    if (cols) {
      const file = cols.table.file;
      const klass = cols.get('classSourcedId');
      const user = cols.get('userSourcedId');
      const role = cols.get('role');
      const status = cols.get('status');
      const begin = cols.get('beginDate');
      const end = cols.get('endDate');
      forEachRecord(cols, (row, line, sourcedId) => {
        let ok = true;
        const st = readStatus(file, line, status(row));
        const r = readChoice(file, line, 'role', role(row), USER_ROLE);
        const classId = klass(row);
        let cls: ClassInfo | undefined;
        if (!requireField(file, line, 'classSourcedId', classId)) ok = false;
        else if (classesUsable) {
          cls = classInfo.get(classId);
          if (!cls) {
            report(rosterErrors.unknownReference(file, line, 'classSourcedId', classId, 'classes.csv'));
            ok = false;
          }
        }
        const userId = user(row);
        let u: RosterUser | undefined;
        if (!requireField(file, line, 'userSourcedId', userId)) ok = false;
        else if (usersUsable) {
          const j = userIndex.get(userId);
          if (j === undefined) {
            report(rosterErrors.unknownReference(file, line, 'userSourcedId', userId, 'users.csv'));
            ok = false;
          } else if (j >= 0) u = users[j];
        }
        const rawBegin = begin(row);
        const rawEnd = end(row);
        const startsOn = readDate(file, line, 'beginDate', rawBegin, false);
        const endsOn = readDate(file, line, 'endDate', rawEnd, false);
        if (startsOn && endsOn && endsOn < startsOn) {
          report(rosterErrors.dateOrder(file, line, rawBegin, rawEnd));
          ok = false;
        }
        if (!ok || r === undefined || startsOn === undefined || endsOn === undefined || !u || !cls) return;
        const effective: RosterStatus = st === 'ended' || cls.status === 'ended' || u.status === 'ended' ? 'ended' : 'active';
        if (r === 'student') {
          if (u.kind !== 'student') {
            report(rosterErrors.wrongReference(file, line, 'userSourcedId', userId, {
              fr: 'un élève (rôle student) dans users.csv',
              en: 'a student (role student) in users.csv',
            }));
            return;
          }
          enrollments.push({ sourcedId, classSourcedId: classId, userSourcedId: userId, startsOn, endsOn, status: effective });
        } else if (r === 'teacher' || r === 'aide') {
          if (u.kind !== 'staff') {
            report(rosterErrors.wrongReference(file, line, 'userSourcedId', userId, {
              fr: 'un membre du personnel (rôle teacher, aide, administrator ou proctor) dans users.csv',
              en: 'a staff member (role teacher, aide, administrator or proctor) in users.csv',
            }));
            return;
          }
          roleGrants.push({
            sourcedId,
            role: 'teacher',
            scope: 'class',
            scopeSourcedId: classId,
            userSourcedId: userId,
            status: effective,
          });
        }
        // Other enrollment roles (administrator, proctor, guardians) give nothing in Balise.
      });
    }
  }

  if (errors.list.length > 0) return null;
  return { district, schools, schoolYears, classes, users, guardianLinks, enrollments, roleGrants };
}
