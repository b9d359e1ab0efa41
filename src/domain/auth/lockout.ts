/**
 * Lockout after repeated failed sign-ins (SEC-4), the same for a known account and for a name
 * that matches none (so a lockout does not tell an attacker which names exist).
 */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

/** After a failure that brings the count to `failedAttempts`: until when to lock, or null. */
export function lockedUntilAfterFailure(failedAttempts: number, policy: LockoutPolicy, now: Date): string | null {
  if (failedAttempts < policy.maxFailures) return null;
  return new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString();
}
