import type { AppContext } from '../app-context.ts';
import type { JobScheduler } from './job-scheduler.ts';
import type { JobLog } from './run-claimed-job.ts';
import { forgetFinishedJobsHandler, forgetFinishedJobsJob } from './forget-finished-jobs.ts';
import { purgeExpiredSignInsHandler, purgeExpiredSignInsJob } from './purge-expired-sign-ins.ts';

/**
 * Every kind of job Balise runs, registered at start on every instance, and the recurring ones
 * scheduled (idempotent: instances starting together still make one of each). A capability adds
 * its kinds here: one `register` line, and a `scheduleRecurring` line if it recurs.
 */
export async function registerBaliseJobs(jobs: JobScheduler, ctx: AppContext, log: JobLog): Promise<void> {
  const k = ctx.db.kysely;
  const timeZone = ctx.config.BALISE_TIME_ZONE;

  jobs.register(purgeExpiredSignInsJob, purgeExpiredSignInsHandler(k, log));
  await jobs.scheduleRecurring(purgeExpiredSignInsJob, { every: 'minutes', minutes: 60 });

  jobs.register(forgetFinishedJobsJob, forgetFinishedJobsHandler(k));
  await jobs.scheduleRecurring(forgetFinishedJobsJob, { every: 'day', at: '03:30', timeZone });
}
