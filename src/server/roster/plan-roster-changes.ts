import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  readClassGroups,
  readEnrollments,
  readGuardianLinks,
  readPersons,
  readRoleAssignments,
  readSchoolYears,
  readSchools,
  type RecordFields,
} from '../../db/roster/roster-records.ts';
import { bySourceId, lifecycleChanges, type ExistingRecord, type LifecycleChanges, type WantedRecord } from '../../domain/roster/lifecycle-changes.ts';
import { enrollmentChanges, roleAssignmentChanges, type EnrollmentChanges, type RoleAssignmentChanges } from '../../domain/roster/link-changes.ts';
import { guardianLinkChanges, linkedPeople, type GuardianLinkChanges, type StoredGuardianLink } from '../../domain/roster/guardian-link-changes.ts';
import type { RosterCounts, RosterSet } from '../../domain/roster/oneroster-types.ts';

/** Everything one import would change, decided before anything is written (so it can be held). */
export interface RosterChanges {
  schools: LifecycleChanges;
  years: LifecycleChanges;
  classes: LifecycleChanges;
  persons: LifecycleChanges;
  enrollments: EnrollmentChanges;
  guardianLinks: GuardianLinkChanges;
  roles: RoleAssignmentChanges;
  /** People whose information the import changes: the audit entry names them. */
  subjects: Set<string>;
  /** The board's managed people as they were, by source id. */
  storedPersons: Map<string, ExistingRecord>;
  storedLinks: StoredGuardianLink[];
}

const wanted = <T extends { sourcedId: string; status: WantedRecord['status'] }>(items: readonly T[], fields: (item: T) => WantedRecord['fields']): WantedRecord[] =>
  items.map((item) => ({ sourcedId: item.sourcedId, status: item.status, fields: fields(item) }));

const schoolFields = (s: RosterSet['schools'][number]): RecordFields<'school'> => ({ name: s.name, code: s.code });
const yearFields = (y: RosterSet['schoolYears'][number]): RecordFields<'school_year'> => ({ name: y.name, starts_on: y.startsOn, ends_on: y.endsOn });
const personFields = (u: RosterSet['users'][number]): RecordFields<'person'> => ({
  kind: u.kind,
  given_name: u.givenName,
  family_name: u.familyName,
  preferred_name: u.preferredName,
  email: u.email,
  email_normalized: u.emailNormalized,
  username: u.username,
  grades: u.grades,
});

/** Class groups hang on a school and a year: one whose school or year was never created is ended (see the parser). */
function wantedClasses(classes: RosterSet['classes'], schools: LifecycleChanges, years: LifecycleChanges): WantedRecord[] {
  return classes.map((c) => {
    const schoolId = schools.ids.get(c.schoolSourcedId);
    const yearId = years.ids.get(c.schoolYearSourcedId);
    if (schoolId === undefined || yearId === undefined) return { sourcedId: c.sourcedId, status: 'ended', fields: {} };
    const fields: RecordFields<'class_group'> = { school_id: schoolId, school_year_id: yearId, name: c.name, code: c.code, grades: c.grades };
    return { sourcedId: c.sourcedId, status: c.status, fields };
  });
}

const bySource = (rows: ExistingRecord[]) => bySourceId(rows, (r) => r.sourceId);

/** Reads what the board holds and decides, entity by entity, what the set changes (ORG-2). */
export async function planRosterChanges(trx: Transaction<Database>, boardId: string, set: RosterSet): Promise<RosterChanges> {
  const newId = () => randomUUID();
  const schools = lifecycleChanges(bySource(await readSchools(trx, boardId)), wanted(set.schools, schoolFields), newId);
  const years = lifecycleChanges(bySource(await readSchoolYears(trx, boardId)), wanted(set.schoolYears, yearFields), newId);
  const classes = lifecycleChanges(bySource(await readClassGroups(trx, boardId)), wantedClasses(set.classes, schools, years), newId);
  const storedPersons = bySource(await readPersons(trx, boardId));
  const persons = lifecycleChanges(storedPersons, wanted(set.users, personFields), newId);
  const subjects = new Set(persons.touched);
  const enrollments = enrollmentChanges(await readEnrollments(trx, boardId), set.enrollments, { classes, persons }, subjects, newId);
  const storedLinks = await readGuardianLinks(trx, boardId);
  const people = () => linkedPeople(set.users, persons.ids, storedPersons.values());
  const guardianLinks = guardianLinkChanges(storedLinks, set.guardianLinks, persons, people, subjects, newId);
  const roles = roleAssignmentChanges(await readRoleAssignments(trx, boardId), set.roleGrants, { schools, classes, persons }, subjects, newId);
  return { schools, years, classes, persons, enrollments, guardianLinks, roles, subjects, storedPersons, storedLinks };
}

export function countsOf(c: RosterChanges): RosterCounts {
  return {
    schools: c.schools.counts,
    schoolYears: c.years.counts,
    classes: c.classes.counts,
    persons: c.persons.counts,
    guardianLinks: c.guardianLinks.counts,
    enrollments: c.enrollments.counts,
    roleAssignments: c.roles.counts,
  };
}

/** Rows the import will write: created, updated and ended records and links. */
export function rowsToWrite(c: RosterChanges): number {
  let n = 0;
  for (const l of [c.schools, c.years, c.classes, c.persons]) n += l.creates.length + l.updates.length + l.ends.length;
  for (const l of [c.enrollments, c.guardianLinks, c.roles]) n += l.creates.length + l.updates.length + l.ends.size;
  return n;
}
