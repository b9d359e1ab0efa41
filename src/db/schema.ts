import type { Generated } from 'kysely';

/**
 * Column conventions shared by SQLite and PostgreSQL so one query layer serves both:
 * ids are text (UUID), instants are ISO-8601 UTC text, calendar dates are 'YYYY-MM-DD' text,
 * flags are integers 0/1, structured values are JSON text.
 */
export type Flag = 0 | 1;
export type LifecycleStatus = 'active' | 'ended';

export interface BoardTable {
  id: string;
  name: string;
  legal_profile: 'qc' | 'on' | 'eu';
  default_locale: 'fr' | 'en';
  source_id: string | null;
  created_at: string;
}

export interface SchoolTable {
  id: string;
  board_id: string;
  source_id: string | null;
  name: string;
  code: string | null;
  status: LifecycleStatus;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SchoolYearTable {
  id: string;
  board_id: string;
  source_id: string | null;
  name: string;
  starts_on: string;
  ends_on: string;
  status: LifecycleStatus;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClassGroupTable {
  id: string;
  school_id: string;
  school_year_id: string;
  source_id: string | null;
  name: string;
  code: string | null;
  grades: string | null;
  status: LifecycleStatus;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export type PersonKind = 'staff' | 'student' | 'guardian';

export interface PersonTable {
  id: string;
  board_id: string;
  source_id: string | null;
  kind: PersonKind;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  email: string | null;
  email_normalized: string | null;
  username: string | null;
  grades: string | null;
  birth_date: string | null;
  locale: string | null;
  status: LifecycleStatus;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export type StaffRole = 'director_general' | 'privacy_officer' | 'principal' | 'secretary' | 'teacher';
export type ScopeType = 'board' | 'school' | 'class';

export interface RoleAssignmentTable {
  id: string;
  person_id: string;
  role: StaffRole;
  scope_type: ScopeType;
  scope_id: string;
  source: 'import' | 'manual' | 'demo';
  source_id: string | null;
  status: LifecycleStatus;
  created_at: string;
  ended_at: string | null;
}

export interface EnrollmentTable {
  id: string;
  class_group_id: string;
  person_id: string;
  source_id: string | null;
  starts_on: string | null;
  ends_on: string | null;
  status: LifecycleStatus;
  created_at: string;
  ended_at: string | null;
}

export interface GuardianLinkTable {
  id: string;
  guardian_id: string;
  student_id: string;
  relationship: 'parent' | 'guardian' | 'relative';
  source: 'import' | 'manual' | 'demo';
  restricted: Flag;
  restricted_reason: string | null;
  restricted_at: string | null;
  restricted_by: string | null;
  status: LifecycleStatus;
  created_at: string;
  ended_at: string | null;
}

export interface PasswordCredentialTable {
  person_id: string;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  updated_at: string;
}

export interface OidcIdentityTable {
  issuer: string;
  subject: string;
  person_id: string;
  created_at: string;
}

export interface OidcLoginTable {
  state: string;
  nonce: string;
  code_verifier: string;
  locale: string;
  created_at: string;
  expires_at: string;
}

export interface SessionTable {
  id: string; // SHA-256 of the cookie value; the raw token never touches the database
  person_id: string;
  csrf_token: string;
  auth_method: 'password' | 'magic_link' | 'oidc';
  locale: string;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** What a one-time link sent by e-mail may be used for. */
export type LinkPurpose = 'sign_in' | 'set_password';

export interface MagicLinkTable {
  token_hash: string;
  person_id: string;
  purpose: LinkPurpose;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  outcome: 'allowed' | 'denied' | 'succeeded' | 'failed';
  scope_type: string | null;
  scope_id: string | null;
  subject_ids: string; // whose information was read or changed: `[]`, `set:<id>` (audit_subject_set), or a JSON list (older entries)
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: string; // JSON object, never personal information in clear
  prev_hash: string;
  hash: string;
}

/** Each distinct set of people some audit entry touched, found by person (see domain/audit/subject-set.ts). */
export interface AuditSubjectSetTable {
  person_id: string;
  set_id: string;
}

/** Which audit entries touched which set: one row per entry that names anyone. */
export interface AuditEntrySubjectsTable {
  set_id: string;
  seq: number;
}

/** Failed sign-ins under names that match no account (see migration 0003). */
export interface SignInThrottleTable {
  login: string;
  failed_attempts: number;
  locked_until: string | null;
  updated_at: string;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
  updated_at: string;
}

/** The format a roster came in: a OneRoster 1.1 export, or Balise's plain CSV (one line per student). */
export type RosterFormat = 'oneroster' | 'csv';

export interface ImportRunTable {
  id: string;
  board_id: string;
  kind: RosterFormat;
  actor_id: string | null;
  source_label: string;
  status: 'succeeded' | 'failed';
  counts: string;
  errors: string;
  started_at: string;
  finished_at: string;
}

export interface Database {
  board: BoardTable;
  school: SchoolTable;
  school_year: SchoolYearTable;
  class_group: ClassGroupTable;
  person: PersonTable;
  role_assignment: RoleAssignmentTable;
  enrollment: EnrollmentTable;
  guardian_link: GuardianLinkTable;
  password_credential: PasswordCredentialTable;
  oidc_identity: OidcIdentityTable;
  oidc_login: OidcLoginTable;
  session: SessionTable;
  magic_link: MagicLinkTable;
  audit_log: AuditLogTable;
  audit_subject_set: AuditSubjectSetTable;
  audit_entry_subjects: AuditEntrySubjectsTable;
  audit_head: AuditHeadTable;
  sign_in_throttle: SignInThrottleTable;
  import_run: ImportRunTable;
}

export type Seq = Generated<number>;
