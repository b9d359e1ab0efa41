import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { purgeExpiredSignIns } from '../../db/jobs/purge-expired-sign-ins.ts';
import { jobKind, type JobHandler } from './job-kind.ts';
import type { JobLog } from './run-claimed-job.ts';

/** Hourly: deletes one-time links and OpenID Connect sign-ins that can no longer be used. */
export const purgeExpiredSignInsJob = jobKind('auth.purge_expired_sign_ins');

export function purgeExpiredSignInsHandler(db: Kysely<Database>, log: JobLog): JobHandler {
  return async (job) => {
    const purged = await purgeExpiredSignIns(db, job.now);
    if (purged.links + purged.oidcLogins > 0) log.info(purged, 'Expired sign-in links purged');
  };
}
