import { describe, expect, it } from 'vitest';
import { outcomeOfFailure, outcomeOfSuccess, type FinishedAttempt } from '../../../src/domain/jobs/job-outcome.ts';
import { retryDelayMs } from '../../../src/domain/jobs/retry-backoff.ts';
import { jobErrorText } from '../../../src/domain/jobs/job-error-text.ts';

const now = new Date('2026-03-10T12:00:00.000Z');
const base: FinishedAttempt = { attempt: 1, maxAttempts: 3, recurrence: null, backoff: { firstMs: 1000, longestMs: 5000 }, runAt: new Date('2026-03-10T11:00:00.000Z'), now };

describe('jobs: what becomes of a job after an attempt', () => {
  it('jobs: retry back-off doubles from the first wait up to the longest', () => {
    const policy = { firstMs: 1000, longestMs: 5000 };
    expect([1, 2, 3, 4, 5, 40].map((n) => retryDelayMs(n, policy))).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(100)).toBe(3_600_000);
  });

  it('jobs: a failed attempt is retried after the back-off until the attempts are used, then the job is failed', () => {
    expect(outcomeOfFailure(base)).toEqual({ state: 'scheduled', runAt: new Date(now.getTime() + 1000), resetAttempts: false });
    expect(outcomeOfFailure({ ...base, attempt: 2 })).toEqual({ state: 'scheduled', runAt: new Date(now.getTime() + 2000), resetAttempts: false });
    expect(outcomeOfFailure({ ...base, attempt: 3 })).toEqual({ state: 'failed' });
  });

  it('jobs: a one-off success is done; a recurring job goes to its next occurrence, even out of attempts', () => {
    expect(outcomeOfSuccess(base)).toEqual({ state: 'done' });
    const hourly = { ...base, recurrence: { every: 'minutes', minutes: 60 } as const };
    expect(outcomeOfSuccess(hourly)).toEqual({ state: 'scheduled', runAt: new Date('2026-03-10T13:00:00.000Z'), resetAttempts: true });
    expect(outcomeOfFailure({ ...hourly, attempt: 3 })).toEqual({ state: 'scheduled', runAt: new Date('2026-03-10T13:00:00.000Z'), resetAttempts: true });
    // Counted from the later of due time and now: a clock behind the due time never reschedules into the past.
    expect(outcomeOfSuccess({ ...hourly, runAt: new Date('2026-03-10T12:30:00.000Z') })).toEqual({ state: 'scheduled', runAt: new Date('2026-03-10T13:30:00.000Z'), resetAttempts: true });
  });

  it('jobs: the error kept with a failed job carries no e-mail address, token or query string, and is bounded', () => {
    const smtp = Object.assign(new Error('Can\'t send mail - all recipients were rejected: 550 <sophie.lavoie@exemple.ca>: unknown'), { code: 'EENVELOPE' });
    expect(jobErrorText(smtp)).toBe("Error [EENVELOPE]: Can't send mail - all recipients were rejected: 550 <[e-mail]>: unknown");
    const link = new Error('GET http://localhost:3000/connexion?token=abc failed; token AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_- refused');
    expect(jobErrorText(link)).toBe('Error: GET http://localhost:3000/connexion?[…] failed; token [token] refused');
    const id = '3f1c2a9e-7b44-4c1e-9a57-0d6b2f1e8c3a';
    expect(jobErrorText(new TypeError(`space ${id} not found`))).toBe(`TypeError: space ${id} not found`);
    expect(jobErrorText('plain')).toBe('Error: plain');
    expect(jobErrorText(new Error('word '.repeat(400))).length).toBe(500);
  });
});
