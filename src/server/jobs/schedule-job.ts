import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { deleteJob, ensureRecurringJob, insertJob } from '../../db/jobs/scheduled-jobs.ts';
import { nextOccurrence, recurrenceProblem, type RecurrenceRule } from '../../domain/jobs/recurrence.ts';
import type { JobKind, JobPayload } from './job-kind.ts';

export interface ScheduleOptions {
  /** When the job is due; it runs at the first poll at or after this instant, never before. */
  at: Date;
  /** Scheduling twice with the same key keeps one job of this kind (e.g. `space:<id>:reminder`). */
  uniqueKey?: string;
  /** With the key taken: keep the existing job (default), or move it to this time and payload. */
  ifTaken?: 'keep' | 'replace';
  /** The clock of the caller (created_at); defaults to the system clock. */
  now?: Date;
}

/**
 * Schedules a one-off job. Takes any Kysely handle so that an operation schedules inside its own
 * transaction: the job exists exactly when the change that needs it was committed.
 */
export async function scheduleJob<P extends JobPayload>(db: Kysely<Database>, kind: JobKind<P>, payload: P, opts: ScheduleOptions): Promise<{ id: string; created: boolean }> {
  if (Number.isNaN(opts.at.getTime())) throw new Error(`Job ${kind.name} scheduled at an invalid date`);
  const job = { kind: kind.name, uniqueKey: opts.uniqueKey ?? null, payload: JSON.stringify(payload), recurrence: null, runAt: opts.at };
  return insertJob(db, job, opts.ifTaken ?? 'keep', opts.now ?? new Date());
}

/** The unique key of a kind's recurring job when none is given: one recurring job per kind. */
export const RECURRING_KEY = 'recurring';

/**
 * Schedules a recurring job (idempotent: every instance calls it at start). It first runs at the
 * rule's next occurrence after `now`, then after each run at the following one.
 */
export async function scheduleRecurringJob<P extends JobPayload>(
  db: Kysely<Database>,
  kind: JobKind<P>,
  rule: RecurrenceRule,
  opts: { payload?: P; uniqueKey?: string; now?: Date } = {},
): Promise<{ id: string; created: boolean }> {
  const problem = recurrenceProblem(rule);
  if (problem) throw new Error(`Job ${kind.name}: invalid recurrence (${problem})`);
  const now = opts.now ?? new Date();
  const job = { kind: kind.name, uniqueKey: opts.uniqueKey ?? RECURRING_KEY, payload: JSON.stringify(opts.payload ?? {}), recurrence: JSON.stringify(rule), runAt: nextOccurrence(rule, now) };
  return ensureRecurringJob(db, job, now);
}

/** Cancels a job by its kind and unique key; false when there was none. */
export async function cancelJob(db: Kysely<Database>, kind: JobKind<any>, uniqueKey: string): Promise<boolean> {
  return deleteJob(db, { kind: kind.name, uniqueKey });
}

export async function cancelJobById(db: Kysely<Database>, id: string): Promise<boolean> {
  return deleteJob(db, { id });
}
