import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forgetFinishedJobs } from '../../db/jobs/scheduled-jobs.ts';
import { jobKind, type JobHandler } from './job-kind.ts';

/**
 * A finished one-off job is kept this long: its unique key keeps it from being scheduled again
 * meanwhile, and a failed one stays visible (with its error) for whoever investigates.
 */
const KEPT_AFTER_FINISH_MS = 30 * 24 * 60 * 60_000;

/** Daily: forgets one-off jobs finished more than 30 days ago, so the table does not grow forever. */
export const forgetFinishedJobsJob = jobKind('jobs.forget_finished');

export function forgetFinishedJobsHandler(db: Kysely<Database>): JobHandler {
  return async (job) => {
    await forgetFinishedJobs(db, new Date(job.now.getTime() - KEPT_AFTER_FINISH_MS));
  };
}
