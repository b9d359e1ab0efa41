/**
 * How long a failed job waits before its next attempt: doubling from `firstMs` up to `longestMs`,
 * so that a passing fault (the SMTP server restarting) is retried soon and a lasting one does
 * not hammer the database or the mail server. No randomness: with several instances, the
 * claim (skip locked / compare-and-set) already keeps two from running the same job.
 */
export interface BackoffPolicy {
  firstMs: number;
  longestMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { firstMs: 30_000, longestMs: 60 * 60_000 };

/** The wait after the `attempt`-th failed attempt (1 for the first). */
export function retryDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const doublings = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(policy.firstMs * 2 ** doublings, policy.longestMs);
}
