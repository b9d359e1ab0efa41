import type { Kysely } from 'kysely';

/**
 * Jobs Balise runs later or again (reminders, escalations, quiet-hour releases, consent expiry,
 * year-end, recording destruction, housekeeping), kept in the database so that they survive a
 * restart and so that several instances share one list (see src/server/jobs/job-scheduler.ts).
 *
 * `unique_key` makes scheduling idempotent per kind (NULLs never collide, on both engines);
 * `claim_token` + `locked_until` are the claim: only the holder of the token may record the
 * outcome, and a run whose lock expired (its process died) is claimed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text')
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('recurrence', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claim_token', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('scheduled_job_unique_key').unique().on('scheduled_job').columns(['kind', 'unique_key']).execute();
  // The claim looks for due jobs (scheduled, run_at passed) and expired runs (running, locked_until passed).
  await db.schema.createIndex('scheduled_job_due').on('scheduled_job').columns(['state', 'run_at']).execute();
  await db.schema.createIndex('scheduled_job_locked').on('scheduled_job').columns(['state', 'locked_until']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_job').execute();
}
