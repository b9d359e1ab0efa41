import type { AppContext } from '../app-context.ts';
import { createJobScheduler, type JobScheduler } from './job-scheduler.ts';
import { registerBaliseJobs } from './balise-jobs.ts';
import type { JobLog } from './run-claimed-job.ts';

/**
 * The scheduler of a running Balise: every kind registered, recurring jobs scheduled, and (unless
 * BALISE_JOBS=false, e.g. on an instance kept for web traffic only) polling every
 * BALISE_JOBS_POLL_SECONDS. Stop it before closing the database.
 */
export async function startJobScheduler(ctx: AppContext, log: JobLog): Promise<JobScheduler> {
  const jobs = createJobScheduler({ db: ctx.db.kysely, now: ctx.now, log, pollMs: ctx.config.BALISE_JOBS_POLL_SECONDS * 1000 });
  await registerBaliseJobs(jobs, ctx, log);
  if (ctx.config.BALISE_JOBS) jobs.start();
  return jobs;
}
