import type { ColumnType, Generated } from 'kysely';
import type { ImportPhase } from '../domain/roster/import-progress.ts';

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
  /** Set while the board holds the demonstration data (migration 0006); null on a real board. */
  demo_seeded_at?: string | null;
  /** When the demonstration data was removed: a restart does not seed it again. */
  demo_removed_at?: string | null;
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
  /** Written by the demo seed (migration 0006). */
  demo: ColumnType<Flag, Flag | undefined, Flag>;
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
  /** Written by the demo seed (migration 0006). */
  demo: ColumnType<Flag, Flag | undefined, Flag>;
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
  /** Written by the demo seed (migration 0006). */
  demo: ColumnType<Flag, Flag | undefined, Flag>;
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
  /** Written by the demo seed (migration 0006). */
  demo: ColumnType<Flag, Flag | undefined, Flag>;
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

/** What happened to a guardian link's restriction (ORG-4); the import carries one to a new link. */
export type RestrictionEvent = 'restricted' | 'lifted' | 'carried';

/** The history of a guardian link's restrictions: who, when and why (migration 0005). */
export interface GuardianLinkRestrictionEventTable {
  id: string;
  link_id: string;
  /** The entry's place in the link's history: 1, 2, … */
  n: number;
  event: RestrictionEvent;
  reason: string;
  actor_id: string | null;
  at: string;
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
  /** 'running' from its start (migration 0007); 'held' when it would end too much of the board (ORG-2). */
  status: 'running' | 'succeeded' | 'failed' | 'held';
  counts: string;
  errors: string;
  started_at: string;
  finished_at: string;
  /** Where the import is: reading, checking, writing, done (migration 0007). */
  phase: ColumnType<ImportPhase, ImportPhase | undefined, ImportPhase>;
  /** JSON ImportProgress: files read, rows checked, rows written. */
  progress: ColumnType<string, string | undefined, string>;
  /** JSON list of the parser's warnings. */
  warnings: ColumnType<string, string | undefined, string>;
  /** JSON RosterHold: what a held import would end; null otherwise. */
  hold: ColumnType<string | null, string | null | undefined, string | null>;
  /** Restrictions new guardian links took over in this import (ORG-4). */
  restrictions_carried: ColumnType<number, number | undefined, number>;
}

/** Where a scheduled job is (migration 0009): waiting, being run by one instance, or finished. */
export type JobState = 'scheduled' | 'running' | 'done' | 'failed';

/** A job Balise runs later or again (see src/server/jobs/job-scheduler.ts). */
export interface ScheduledJobTable {
  id: string;
  /** The registered kind, e.g. 'auth.purge_expired_sign_ins'. */
  kind: string;
  /** Scheduling twice with the same (kind, unique_key) keeps one job; null: no such guard. */
  unique_key: string | null;
  /** JSON: ids and dates only, never personal information in clear. */
  payload: string;
  /** JSON RecurrenceRule (src/domain/jobs/recurrence.ts) of a recurring job; null for a one-off. */
  recurrence: string | null;
  state: JobState;
  run_at: string;
  /** Attempts started since the job was last scheduled (a recurring job resets it each occurrence). */
  attempts: number;
  /** Set by the instance that claimed the run; only it may record the outcome. */
  claim_token: string | null;
  /** A run still 'running' after this instant is taken for dead and claimed again. */
  locked_until: string | null;
  /** The last failure, masked of personal information (src/domain/jobs/job-error-text.ts). */
  last_error: string | null;
  created_at: string;
  updated_at: string;
  /** When the last run ended (a one-off job: done or failed; a recurring one: its latest occurrence). */
  finished_at: string | null;
}

/**
 * A file kept encrypted at rest (migration 0008, SEC-2): photos, documents, recordings. Its key
 * and bytes live outside the database; a destroyed file keeps this row, without its hash.
 */
export interface StoredFileTable {
  id: string;
  kind: 'photo' | 'document' | 'recording';
  mime_type: string;
  ext: string;
  size_bytes: number;
  sha256: string | null;
  width: number | null;
  height: number | null;
  thumbnail_mime_type: string | null;
  thumbnail_size_bytes: number | null;
  created_at: string;
  destroyed_at: string | null;
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
  guardian_link_restriction_event: GuardianLinkRestrictionEventTable;
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
  scheduled_job: ScheduledJobTable;
  stored_file: StoredFileTable;
}

export type Seq = Generated<number>;
