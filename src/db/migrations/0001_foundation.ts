import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Types are chosen to mean the same on SQLite and PostgreSQL (see schema.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await createOrganisation(db);
  await createPeople(db);
  await createSignIn(db);
  await createAuditLogAndImports(db);
  await protectAuditRows(db);
}

const now = (t: any) => t.notNull();
const lifecycle = (t: any) =>
  t
    .addColumn('status', 'text', (c: any) => c.notNull().defaultTo('active'))
    .addColumn('ended_at', 'text')
    .addColumn('created_at', 'text', now)
    .addColumn('updated_at', 'text', now);

/** The board, its schools, school years and class groups. */
async function createOrganisation(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('board')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('legal_profile', 'text', (c) => c.notNull())
    .addColumn('default_locale', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('created_at', 'text', now)
    .execute();

  await lifecycle(
    db.schema
      .createTable('school')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('board_id', 'text', (c) => c.notNull().references('board.id'))
      .addColumn('source_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('code', 'text'),
  ).execute();
  await db.schema.createIndex('school_source').unique().on('school').columns(['board_id', 'source_id']).execute();

  await lifecycle(
    db.schema
      .createTable('school_year')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('board_id', 'text', (c) => c.notNull().references('board.id'))
      .addColumn('source_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('school_year_source').unique().on('school_year').columns(['board_id', 'source_id']).execute();

  await lifecycle(
    db.schema
      .createTable('class_group')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('school_id', 'text', (c) => c.notNull().references('school.id'))
      .addColumn('school_year_id', 'text', (c) => c.notNull().references('school_year.id'))
      .addColumn('source_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('grades', 'text'),
  ).execute();
  await db.schema.createIndex('class_group_school').on('class_group').column('school_id').execute();
  await db.schema.createIndex('class_group_source').on('class_group').column('source_id').execute();
}

/** People, their roles, enrollments and guardian links. */
async function createPeople(db: Kysely<any>): Promise<void> {
  await lifecycle(
    db.schema
      .createTable('person')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('board_id', 'text', (c) => c.notNull().references('board.id'))
      .addColumn('source_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('given_name', 'text', (c) => c.notNull())
      .addColumn('family_name', 'text', (c) => c.notNull())
      .addColumn('preferred_name', 'text')
      .addColumn('email', 'text')
      .addColumn('email_normalized', 'text')
      .addColumn('username', 'text')
      .addColumn('grades', 'text')
      .addColumn('birth_date', 'text')
      .addColumn('locale', 'text'),
  ).execute();
  await db.schema.createIndex('person_source').unique().on('person').columns(['board_id', 'source_id']).execute();
  await db.schema.createIndex('person_email').on('person').column('email_normalized').execute();
  await db.schema.createIndex('person_username').on('person').column('username').execute();

  await db.schema
    .createTable('role_assignment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', now)
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('role_assignment_person').on('role_assignment').column('person_id').execute();
  await db.schema.createIndex('role_assignment_scope').on('role_assignment').columns(['scope_type', 'scope_id']).execute();
  await db.schema.createIndex('role_assignment_source').on('role_assignment').column('source_id').execute();

  await db.schema
    .createTable('enrollment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_group_id', 'text', (c) => c.notNull().references('class_group.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('source_id', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', now)
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('enrollment_class').on('enrollment').columns(['class_group_id', 'status', 'person_id']).execute();
  await db.schema.createIndex('enrollment_person').on('enrollment').column('person_id').execute();
  await db.schema.createIndex('enrollment_source').on('enrollment').column('source_id').execute();

  await db.schema
    .createTable('guardian_link')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('student_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('restricted_reason', 'text')
    .addColumn('restricted_at', 'text')
    .addColumn('restricted_by', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', now)
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('guardian_link_pair').unique().on('guardian_link').columns(['guardian_id', 'student_id']).execute();
  await db.schema.createIndex('guardian_link_student').on('guardian_link').column('student_id').execute();
}

/** Local passwords, OpenID Connect identities, sessions and one-time links. */
async function createSignIn(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('password_credential')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('person.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', now)
    .execute();

  await db.schema
    .createTable('oidc_identity')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('created_at', 'text', now)
    .addPrimaryKeyConstraint('oidc_identity_pk', ['issuer', 'subject'])
    .execute();

  await db.schema
    .createTable('oidc_login')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', now)
    .addColumn('expires_at', 'text', now)
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('auth_method', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', 'text', now)
    .addColumn('last_seen_at', 'text', now)
    .addColumn('expires_at', 'text', now)
    .execute();
  await db.schema.createIndex('session_person').on('session').column('person_id').execute();

  await db.schema
    .createTable('magic_link')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('created_at', 'text', now)
    .addColumn('expires_at', 'text', now)
    .addColumn('used_at', 'text')
    .execute();
}

/** The hash-chained audit log, its head, and the roster import history. */
async function createAuditLogAndImports(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    // On SQLite only "integer primary key" is the row id itself (one B-tree per row, not two).
    .addColumn('seq', isPostgres(db) ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', now)
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('scope_type', 'text')
    .addColumn('scope_id', 'text')
    .addColumn('subject_ids', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor_id').execute();

  await db.schema
    .createTable('audit_subject')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_subject_pk', ['person_id', 'seq'])
    // The key is the whole row: on SQLite keep it in the key's own B-tree, without a row id.
    .$call((t) => (isPostgres(db) ? t : t.modifyEnd(sql`without rowid`)))
    .execute();

  // One row that every append locks first: it serializes appenders on both engines and
  // lets verify notice a removed tail.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', now)
    .execute();
  await db
    .insertInto('audit_head')
    .values({ id: 1, last_seq: 0, last_hash: '0'.repeat(64), updated_at: new Date().toISOString() })
    .execute();

  await db.schema
    .createTable('import_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('board_id', 'text', (c) => c.notNull().references('board.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('source_label', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', now)
    .addColumn('finished_at', 'text', now)
    .execute();
}

/** Rows of the audit log cannot be updated or deleted through ordinary SQL. */
async function protectAuditRows(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

const isPostgres = (db: Kysely<any>) => dialectOf(db) === 'postgres';

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reverted.');
}
