/**
 * A OneRoster 1.1 bulk set once read and checked (ORG-2), reduced to what Balise keeps. Every
 * reference has been resolved inside the set; `status` is the effective one: an item is 'ended'
 * when the export marks it `tobedeleted` / `inactive`, or when something it hangs on is ended
 * (a class of an ended school, the enrollment of an ended user, the link of an ended guardian).
 * Ended items update existing rows; they never create new ones.
 */
export type RosterStatus = 'active' | 'ended';

export type OneRosterUserRole =
  | 'student'
  | 'teacher'
  | 'administrator'
  | 'aide'
  | 'proctor'
  | 'parent'
  | 'guardian'
  | 'relative';

export type RosterPersonKind = 'student' | 'staff' | 'guardian';
export type GuardianRelationship = 'parent' | 'guardian' | 'relative';

export interface RosterDistrict {
  sourcedId: string;
  name: string;
}

export interface RosterSchool {
  sourcedId: string;
  name: string;
  code: string | null;
  status: RosterStatus;
}

export interface RosterSchoolYear {
  sourcedId: string;
  name: string;
  /** YYYY-MM-DD */
  startsOn: string;
  endsOn: string;
  status: RosterStatus;
}

export interface RosterClass {
  sourcedId: string;
  name: string;
  code: string | null;
  /** Comma-joined grades, e.g. "09,10"; null when none. */
  grades: string | null;
  schoolSourcedId: string;
  schoolYearSourcedId: string;
  status: RosterStatus;
}

export interface RosterUser {
  sourcedId: string;
  role: OneRosterUserRole;
  kind: RosterPersonKind;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  email: string | null;
  /** Trimmed, lower case; null when no e-mail. */
  emailNormalized: string | null;
  username: string | null;
  grades: string | null;
  /** enabledUser; a disabled user is still imported. */
  enabled: boolean;
  status: RosterStatus;
}

/** One guardian↔student pair, whichever side of users.csv declared it (deduplicated). */
export interface RosterGuardianLink {
  guardianSourcedId: string;
  studentSourcedId: string;
  relationship: GuardianRelationship;
  status: RosterStatus;
}

/** enrollments.csv with role student. */
export interface RosterEnrollment {
  sourcedId: string;
  classSourcedId: string;
  userSourcedId: string;
  startsOn: string | null;
  endsOn: string | null;
  status: RosterStatus;
}

/** A role the roster grants: teacher of a class (enrollment teacher/aide), principal of a school (administrator). */
export interface RosterRoleGrant {
  /** enrollment sourcedId for a teacher; `${user sourcedId}@${org sourcedId}` for a principal. */
  sourcedId: string;
  role: 'teacher' | 'principal';
  scope: 'class' | 'school';
  /** class sourcedId or school sourcedId. */
  scopeSourcedId: string;
  userSourcedId: string;
  status: RosterStatus;
}

export interface RosterSet {
  district: RosterDistrict | null;
  schools: RosterSchool[];
  schoolYears: RosterSchoolYear[];
  classes: RosterClass[];
  users: RosterUser[];
  guardianLinks: RosterGuardianLink[];
  enrollments: RosterEnrollment[];
  roleGrants: RosterRoleGrant[];
}

export interface RosterEntityCounts {
  created: number;
  updated: number;
  ended: number;
  unchanged: number;
}

export interface RosterCounts {
  schools: RosterEntityCounts;
  schoolYears: RosterEntityCounts;
  classes: RosterEntityCounts;
  persons: RosterEntityCounts;
  guardianLinks: RosterEntityCounts;
  enrollments: RosterEntityCounts;
  roleAssignments: RosterEntityCounts;
}

export const ROSTER_ENTITIES = [
  'schools',
  'schoolYears',
  'classes',
  'persons',
  'guardianLinks',
  'enrollments',
  'roleAssignments',
] as const satisfies readonly (keyof RosterCounts)[];

export function emptyRosterCounts(): RosterCounts {
  const c = {} as RosterCounts;
  for (const k of ROSTER_ENTITIES) c[k] = { created: 0, updated: 0, ended: 0, unchanged: 0 };
  return c;
}
