import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, ScheduledJobTable } from '../schema.ts';
import { dialectOf } from '../dialect.ts';
import type { JobOutcome } from '../../domain/jobs/job-outcome.ts';

/** A job as the scheduler writes it; payload and recurrence are already JSON text. */
export interface NewJob {
  kind: string;
  uniqueKey: string | null;
  payload: string;
  recurrence: string | null;
  runAt: Date;
}

/** Whose run this is: only the claim's token may record its outcome. */
export interface JobClaim {
  id: string;
  token: string;
}

/**
 * Adds a job; with a unique key already taken, 'keep' leaves the existing job as it is (even
 * done: the key says it happened) and 'replace' schedules it again with the new time and payload.
 * A run in progress that is replaced loses its claim: its outcome is not recorded, the job runs
 * again at the new time.
 */
export async function insertJob(db: Kysely<Database>, job: NewJob, ifTaken: 'keep' | 'replace', now: Date): Promise<{ id: string; created: boolean }> {
  const { id, created } = await addJob(db, job, ifTaken, now);
  return { id, created };
}

/** `insertJob`, also giving the row that was kept when the key was taken (read anyway to learn its id). */
async function addJob(
  db: Kysely<Database>,
  job: NewJob,
  ifTaken: 'keep' | 'replace',
  now: Date,
): Promise<{ id: string; created: boolean; existing?: ScheduledJobTable }> {
  const id = randomUUID();
  const at = now.toISOString();
  const again = { payload: job.payload, recurrence: job.recurrence, state: 'scheduled' as const, run_at: job.runAt.toISOString(), attempts: 0, claim_token: null, locked_until: null, last_error: null, updated_at: at, finished_at: null };
  const row = await db
    .insertInto('scheduled_job')
    .values({ id, kind: job.kind, unique_key: job.uniqueKey, created_at: at, ...again })
    .onConflict((oc) => (ifTaken === 'replace' ? oc.columns(['kind', 'unique_key']).doUpdateSet(again) : oc.columns(['kind', 'unique_key']).doNothing()))
    .returning('id')
    .executeTakeFirst();
  if (row) return { id: row.id, created: row.id === id };
  const existing = (await findJob(db, job.kind, job.uniqueKey!))!;
  return { id: existing.id, created: false, existing };
}

/**
 * Makes sure a recurring job exists once, whatever the number of instances starting together.
 * A rule or payload changed in code takes effect: the job is rescheduled from it, unless a run is
 * in progress (that run then reschedules itself from the rule it started with).
 */
export async function ensureRecurringJob(db: Kysely<Database>, job: NewJob & { uniqueKey: string }, now: Date): Promise<{ id: string; created: boolean }> {
  const { id, created, existing } = await addJob(db, job, 'keep', now);
  if (created || !existing) return { id, created };
  const unchanged = existing.recurrence === job.recurrence && existing.payload === job.payload && existing.state === 'scheduled';
  if (!unchanged && existing.state !== 'running') {
    await db
      .updateTable('scheduled_job')
      .set({ recurrence: job.recurrence, payload: job.payload, state: 'scheduled', run_at: job.runAt.toISOString(), attempts: 0, updated_at: now.toISOString() })
      .where('id', '=', existing.id)
      .where('state', '!=', 'running')
      .execute();
  }
  return { id, created };
}

export async function findJob(db: Kysely<Database>, kind: string, uniqueKey: string): Promise<ScheduledJobTable | null> {
  return (await db.selectFrom('scheduled_job').selectAll().where('kind', '=', kind).where('unique_key', '=', uniqueKey).executeTakeFirst()) ?? null;
}

export async function findJobById(db: Kysely<Database>, id: string): Promise<ScheduledJobTable | null> {
  return (await db.selectFrom('scheduled_job').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/**
 * Removes a job, whatever its state. A run in progress cannot be stopped from here, but it has
 * lost its row: it records nothing and a recurring job does not come back.
 */
export async function deleteJob(db: Kysely<Database>, which: { id: string } | { kind: string; uniqueKey: string }): Promise<boolean> {
  const query = db.deleteFrom('scheduled_job');
  const result = await ('id' in which ? query.where('id', '=', which.id) : query.where('kind', '=', which.kind).where('unique_key', '=', which.uniqueKey)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Takes the next due job of these kinds for this run, in one statement: the oldest job whose time
 * has come, or whose run's lock expired (its instance died). On PostgreSQL `for update skip
 * locked` lets several instances claim side by side without waiting on each other; on SQLite
 * the transaction begins IMMEDIATE (see waiting-sqlite-dialect.ts), so the one writer sees the
 * latest rows. Either way one job goes to one claim.
 */
export async function claimNextJob(
  db: Kysely<Database>,
  args: { kinds: readonly string[]; token: string; now: Date; lockedUntil: Date },
): Promise<ScheduledJobTable | null> {
  if (args.kinds.length === 0) return null;
  const at = args.now.toISOString();
  // A read first: an idle poll never takes SQLite's write lock (a roster import may be holding it).
  const anyDue = await db.selectFrom('scheduled_job').select('id').where('kind', 'in', [...args.kinds]).where((eb) => isDue(eb, 'scheduled_job', at)).limit(1).executeTakeFirst();
  if (!anyDue) return null;
  return db.transaction().execute(async (trx) => {
    const next = trx
      .selectFrom('scheduled_job as due')
      .select('due.id')
      .where('due.kind', 'in', [...args.kinds])
      .where((eb) => isDue(eb, 'due', at))
      .orderBy('due.run_at')
      .orderBy('due.id')
      .limit(1)
      .$if(dialectOf(trx) === 'postgres', (qb) => qb.forUpdate().skipLocked());
    const claimed = await trx
      .updateTable('scheduled_job')
      .set((eb) => ({ state: 'running', claim_token: args.token, locked_until: args.lockedUntil.toISOString(), attempts: eb('attempts', '+', 1), updated_at: at }))
      .where('id', '=', next)
      // Checked again on the row itself: a row another claim just took no longer matches.
      .where((eb) => isDue(eb, 'scheduled_job', at))
      .returningAll()
      .executeTakeFirst();
    return claimed ?? null;
  });
}

/** Due now: scheduled and its time has come, or running with an expired lock (its instance died). */
function isDue(eb: ExpressionBuilder<any, any>, table: 'due' | 'scheduled_job', at: string) {
  return eb.or([
    eb.and([eb(`${table}.state`, '=', 'scheduled'), eb(`${table}.run_at`, '<=', at)]),
    eb.and([eb(`${table}.state`, '=', 'running'), eb(`${table}.locked_until`, '<=', at)]),
  ]);
}

/** Keeps a long run's claim alive; false when the claim was lost (replaced, or taken after expiry). */
export async function extendJobLock(db: Kysely<Database>, claim: JobClaim, lockedUntil: Date, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('scheduled_job')
    .set({ locked_until: lockedUntil.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', claim.id)
    .where('claim_token', '=', claim.token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records how a run ended, if the run still holds its claim (compare-and-set on the token). */
export async function recordJobOutcome(db: Kysely<Database>, claim: JobClaim, outcome: JobOutcome, lastError: string | null, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const released = { claim_token: null, locked_until: null, last_error: lastError, updated_at: at };
  const set =
    outcome.state === 'scheduled'
      ? { ...released, state: 'scheduled' as const, run_at: outcome.runAt.toISOString(), ...(outcome.resetAttempts ? { attempts: 0, finished_at: at } : {}) }
      : { ...released, state: outcome.state, finished_at: at };
  const result = await db.updateTable('scheduled_job').set(set).where('id', '=', claim.id).where('claim_token', '=', claim.token).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives a run back untried (the instance is stopping): due again at once, the attempt not counted. */
export async function releaseJob(db: Kysely<Database>, claim: JobClaim, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('scheduled_job')
    .set((eb) => ({ state: 'scheduled', claim_token: null, locked_until: null, attempts: eb('attempts', '-', 1), updated_at: now.toISOString() }))
    .where('id', '=', claim.id)
    .where('claim_token', '=', claim.token)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Forgets one-off jobs that ended before `before` (recurring jobs stay: they are never done). */
export async function forgetFinishedJobs(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('scheduled_job')
    .where('state', 'in', ['done', 'failed'])
    .where('finished_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
