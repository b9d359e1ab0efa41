import { nextOccurrence, type RecurrenceRule } from './recurrence.ts';
import { retryDelayMs, type BackoffPolicy } from './retry-backoff.ts';

/** What becomes of a job once an attempt has ended. */
export type JobOutcome =
  /** A one-off job that succeeded: kept a while, so that its unique key still says it was done. */
  | { state: 'done' }
  /** Waits for `runAt`: a retry (attempts kept) or a recurring job's next occurrence (attempts reset). */
  | { state: 'scheduled'; runAt: Date; resetAttempts: boolean }
  /** A one-off job out of attempts. */
  | { state: 'failed' };

export interface FinishedAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  recurrence: RecurrenceRule | null;
  backoff: BackoffPolicy;
  /** When the job was due; a recurring job's next occurrence is counted from the later of this and `now`. */
  runAt: Date;
  now: Date;
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

export function outcomeOfSuccess(a: FinishedAttempt): JobOutcome {
  if (!a.recurrence) return { state: 'done' };
  return { state: 'scheduled', runAt: nextOccurrence(a.recurrence, later(a.runAt, a.now)), resetAttempts: true };
}

/**
 * A failure is retried after a growing wait until the job has used its attempts. A recurring job
 * out of attempts is not dropped: it waits for its next occurrence (a reminder that failed on
 * Monday is still due on Tuesday), its last error kept for whoever looks.
 */
export function outcomeOfFailure(a: FinishedAttempt): JobOutcome {
  if (a.attempt < a.maxAttempts) return { state: 'scheduled', runAt: new Date(a.now.getTime() + retryDelayMs(a.attempt, a.backoff)), resetAttempts: false };
  return a.recurrence ? outcomeOfSuccess(a) : { state: 'failed' };
}
