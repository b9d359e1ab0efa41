import type { Kysely } from 'kysely';
import type { Database, ScheduledJobTable } from '../../db/schema.ts';
import { extendJobLock, recordJobOutcome, releaseJob, type JobClaim } from '../../db/jobs/scheduled-jobs.ts';
import { jobErrorText } from '../../domain/jobs/job-error-text.ts';
import { outcomeOfFailure, outcomeOfSuccess, type FinishedAttempt, type JobOutcome } from '../../domain/jobs/job-outcome.ts';
import type { RecurrenceRule } from '../../domain/jobs/recurrence.ts';
import type { JobHandler, JobKindOptions } from './job-kind.ts';

export interface JobLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RegisteredKind {
  handler: JobHandler<any>;
  options: Required<JobKindOptions>;
}

export interface RunContext {
  db: Kysely<Database>;
  now: () => Date;
  log: JobLog;
  lockMs: number;
  /** Aborted when the scheduler stops. */
  signal: AbortSignal;
}

export type RunResult = 'succeeded' | 'retried' | 'failed' | 'released' | 'lost';

/** Said of a run whose instance died (or lost the database) before recording how it ended. */
const INTERRUPTED = 'Interrupted: the previous run stopped before finishing (its lock expired)';

/**
 * Runs one claimed job outside the claim's transaction, keeps its lock alive meanwhile, and
 * records the outcome if the claim is still ours. A job claimed again after its last allowed
 * attempt died is not run once more: it is marked failed (or waits for its next occurrence).
 */
export async function runClaimedJob(rc: RunContext, row: ScheduledJobTable, kind: RegisteredKind, token: string): Promise<RunResult> {
  const claim: JobClaim = { id: row.id, token };
  const attempt = (now: Date, n: number): FinishedAttempt => ({
    attempt: n,
    maxAttempts: kind.options.maxAttempts,
    recurrence: row.recurrence ? (JSON.parse(row.recurrence) as RecurrenceRule) : null,
    backoff: kind.options.backoff,
    runAt: new Date(row.run_at),
    now,
  });
  if (row.attempts > kind.options.maxAttempts) {
    const outcome = outcomeOfFailure(attempt(rc.now(), kind.options.maxAttempts));
    return record(rc, row, claim, outcome, INTERRUPTED, outcome.state === 'failed' ? 'failed' : 'retried');
  }
  const heartbeat = keepClaimAlive(rc, claim);
  let error: unknown = null;
  let failed = false;
  try {
    await kind.handler({ id: row.id, kind: row.kind, payload: JSON.parse(row.payload), attempt: row.attempts, runAt: new Date(row.run_at), now: rc.now(), signal: rc.signal });
  } catch (err) {
    failed = true;
    error = err;
  } finally {
    await heartbeat.stop();
  }
  if (failed && rc.signal.aborted) {
    // Stopping: the handler gave up because we asked it to; that is no failure of the job.
    return (await releaseJob(rc.db, claim, rc.now())) ? 'released' : 'lost';
  }
  if (!failed) return record(rc, row, claim, outcomeOfSuccess(attempt(rc.now(), row.attempts)), null, 'succeeded');
  const outcome = outcomeOfFailure(attempt(rc.now(), row.attempts));
  return record(rc, row, claim, outcome, jobErrorText(error), outcome.state === 'failed' ? 'failed' : 'retried');
}

async function record(
  rc: RunContext,
  row: ScheduledJobTable,
  claim: JobClaim,
  outcome: JobOutcome,
  lastError: string | null,
  result: RunResult,
): Promise<RunResult> {
  const kept = await recordJobOutcome(rc.db, claim, outcome, lastError, rc.now());
  const about = { jobId: row.id, kind: row.kind, attempt: row.attempts };
  if (!kept) {
    rc.log.warn(about, 'Job run lost its claim (cancelled, replaced, or taken over after its lock expired); its outcome is not recorded');
    return 'lost';
  }
  if (lastError !== null) {
    const next = outcome.state === 'scheduled' ? outcome.runAt.toISOString() : null;
    rc.log[result === 'failed' ? 'error' : 'warn']({ ...about, error: lastError, next }, result === 'failed' ? 'Job failed' : 'Job attempt failed');
  }
  return result;
}

/**
 * Pushes the lock forward while the handler runs, so that only a dead instance's job is taken
 * over, however long a job takes (destroying a year of posts). A failed beat is only logged:
 * the next one, or the lock's expiry, settles it.
 */
function keepClaimAlive(rc: RunContext, claim: JobClaim): { stop(): Promise<void> } {
  let beat: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    beat = extendJobLock(rc.db, claim, new Date(rc.now().getTime() + rc.lockMs), rc.now()).catch((err) =>
      rc.log.warn({ jobId: claim.id, error: jobErrorText(err) }, 'Could not extend a job lock'),
    );
  }, Math.max(1, Math.floor(rc.lockMs / 4)));
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await beat;
    },
  };
}
