import type { ReadCsvOptions } from './csv-table.ts';
import { readClasses, readCourses } from './oneroster-classes.ts';
import { readEnrollments } from './oneroster-enrollments.ts';
import { linkGuardians, warnSharedGuardianEmails } from './oneroster-guardian-links.ts';
import { readOrgs } from './oneroster-orgs.ts';
import { refusedPackage } from './oneroster-package.ts';
import { findOneRosterFiles, OneRosterRows } from './oneroster-rows.ts';
import { readAcademicSessions, SchoolYears } from './oneroster-sessions.ts';
import type { RosterSet } from './oneroster-types.ts';
import { readUsers } from './oneroster-users.ts';
import { MAX_ROSTER_ERRORS } from './roster-error.ts';
import { parseCollectingErrors, type ErrorList, type RosterParseResult } from './roster-columns.ts';
import type { WarningList } from './roster-warning.ts';

/**
 * Reads a OneRoster 1.1 bulk CSV set (ORG-2) and checks all of it before anything is written:
 * every file, every line, every reference. A package that is not one (a delta, OneRoster 1.2,
 * Microsoft School Data Sync) is refused as a whole first. The set comes with its warnings:
 * what is accepted but worth knowing (issue 16 B3).
 */
export type ParseOneRosterResult = RosterParseResult<RosterSet>;

export interface ParseOneRosterOptions extends ReadCsvOptions {
  /** Errors reported at most (then one `roster.too_many_errors`). */
  maxErrors?: number;
}

export function parseOneRoster(files: ReadonlyMap<string, Buffer | string>, opts: ParseOneRosterOptions = {}): ParseOneRosterResult {
  const refused = refusedPackage(files);
  if (refused) return { ok: false, errors: [refused] };
  return parseCollectingErrors(opts.maxErrors ?? MAX_ROSTER_ERRORS, (errors, warnings) => readSet(files, errors, warnings, opts));
}

/** Each file in turn, each checking its references against the files before it. */
function readSet(files: ReadonlyMap<string, Buffer | string>, errors: ErrorList, warnings: WarningList, opts: ReadCsvOptions): RosterSet | null {
  const rows = new OneRosterRows(errors.add, findOneRosterFiles(files, errors.add), opts);
  const orgs = readOrgs(rows);
  const sessions = readAcademicSessions(rows);
  const years = new SchoolYears(sessions.sessions, sessions.schoolYears);
  const courses = readCourses(rows);
  const classes = readClasses(rows, { orgs, sessions, years, courses });
  const users = readUsers(rows, orgs);
  const guardianLinks = linkGuardians(users, errors.add);
  warnSharedGuardianEmails(users, warnings.add);
  const { enrollments, teachers } = readEnrollments(rows, classes, users, warnings.add);
  if (errors.list.length > 0) return null;
  return {
    district: orgs.district,
    schools: orgs.schools,
    schoolYears: years.all(),
    classes: classes.classes,
    users: users.users,
    guardianLinks,
    enrollments,
    roleGrants: [...users.principals, ...teachers],
  };
}
