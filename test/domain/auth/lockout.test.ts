import { describe, expect, it } from 'vitest';
import { lockedUntilAfterFailure } from '../../../src/domain/auth/lockout.ts';

describe('SEC-4 lockout after repeated failed sign-ins', () => {
  const policy = { maxFailures: 5, lockMinutes: 15 };
  const now = new Date('2026-11-24T10:00:00Z');

  it('does not lock before the limit', () => {
    for (const n of [1, 2, 3, 4]) expect(lockedUntilAfterFailure(n, policy, now)).toBeNull();
  });

  it('locks for the configured minutes once the limit is reached', () => {
    expect(lockedUntilAfterFailure(5, policy, now)).toBe('2026-11-24T10:15:00.000Z');
    expect(lockedUntilAfterFailure(6, { maxFailures: 5, lockMinutes: 60 }, now)).toBe('2026-11-24T11:00:00.000Z');
  });
});
