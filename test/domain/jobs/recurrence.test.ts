import { describe, expect, it } from 'vitest';
import { nextOccurrence, recurrenceProblem, type RecurrenceRule } from '../../../src/domain/jobs/recurrence.ts';

const toronto = 'America/Toronto';
const daily = (at: string, timeZone = toronto): RecurrenceRule => ({ every: 'day', at, timeZone });
const next = (rule: RecurrenceRule, after: string) => nextOccurrence(rule, new Date(after)).toISOString();

describe('jobs: the next run of a recurring schedule, on the board’s wall clock', () => {
  it('jobs: a daily job at 02:00 runs at 02:00 local in winter and in summer, strictly after the last run', () => {
    expect(next(daily('02:00'), '2026-01-15T12:00:00.000Z')).toBe('2026-01-16T07:00:00.000Z');
    expect(next(daily('02:00'), '2026-01-16T06:59:00.000Z')).toBe('2026-01-16T07:00:00.000Z');
    expect(next(daily('02:00'), '2026-01-16T07:00:00.000Z')).toBe('2026-01-17T07:00:00.000Z');
    expect(next(daily('02:00'), '2026-07-15T12:00:00.000Z')).toBe('2026-07-16T06:00:00.000Z');
  });

  it('jobs: a recurring job computes its next run across the spring DST change (the skipped 02:30 runs when the clock jumps)', () => {
    const rule = daily('02:30');
    const saturday = next(rule, '2026-03-07T12:00:00.000Z');
    expect(saturday).toBe('2026-03-08T07:00:00.000Z'); // 02:30 does not exist on March 8: 03:00 EDT
    expect(next(rule, saturday)).toBe('2026-03-09T06:30:00.000Z'); // then 02:30 EDT
    expect(next(daily('02:00'), '2026-03-07T12:00:00.000Z')).toBe('2026-03-08T07:00:00.000Z');
  });

  it('jobs: a recurring job computes its next run across the autumn DST change (a repeated 01:30 runs once)', () => {
    const rule = daily('01:30');
    const first = next(rule, '2026-10-31T12:00:00.000Z');
    expect(first).toBe('2026-11-01T05:30:00.000Z'); // first pass, EDT
    expect(next(rule, first)).toBe('2026-11-02T06:30:00.000Z'); // not the second pass at 06:30Z the same night
    expect(next(rule, '2026-11-01T06:10:00.000Z')).toBe('2026-11-02T06:30:00.000Z'); // a late run does not run again that night
    expect(next(daily('02:00'), '2026-10-31T12:00:00.000Z')).toBe('2026-11-01T07:00:00.000Z'); // 02:00 EST: 25 h after the day before
  });

  it('jobs: the zone decides the day (Paris changes on another date than Toronto)', () => {
    expect(next(daily('02:30', 'Europe/Paris'), '2026-03-28T12:00:00.000Z')).toBe('2026-03-29T01:00:00.000Z'); // 02:30 skipped: 03:00 CEST
    expect(next(daily('02:30', 'Europe/Paris'), '2026-03-07T12:00:00.000Z')).toBe('2026-03-08T01:30:00.000Z');
  });

  it('jobs: weekly, yearly and fixed-interval rules', () => {
    const monday = { every: 'week', weekday: 1, at: '07:00', timeZone: toronto } as const;
    expect(next(monday, '2026-03-04T12:00:00.000Z')).toBe('2026-03-09T11:00:00.000Z'); // Wednesday → Monday after the change
    expect(next(monday, '2026-03-09T11:00:00.000Z')).toBe('2026-03-16T11:00:00.000Z');
    const july1 = { every: 'year', month: 7, day: 1, at: '00:00', timeZone: toronto } as const;
    expect(next(july1, '2026-06-30T12:00:00.000Z')).toBe('2026-07-01T04:00:00.000Z');
    expect(next(july1, '2026-07-01T04:00:00.000Z')).toBe('2027-07-01T04:00:00.000Z');
    expect(next({ every: 'minutes', minutes: 60 }, '2026-03-08T06:30:00.000Z')).toBe('2026-03-08T07:30:00.000Z'); // real time, DST or not
  });

  it('jobs: an invalid rule is refused with its reason', () => {
    expect(recurrenceProblem(daily('2:00'))).toBe('bad_time');
    expect(recurrenceProblem(daily('24:00'))).toBe('bad_time');
    expect(recurrenceProblem(daily('02:00', 'Mars/Olympus'))).toBe('unknown_time_zone');
    expect(recurrenceProblem({ every: 'week', weekday: 0, at: '02:00', timeZone: toronto })).toBe('bad_weekday');
    expect(recurrenceProblem({ every: 'year', month: 2, day: 29, at: '02:00', timeZone: toronto })).toBe('bad_date');
    expect(recurrenceProblem({ every: 'year', month: 13, day: 1, at: '02:00', timeZone: toronto })).toBe('bad_date');
    expect(recurrenceProblem({ every: 'minutes', minutes: 0 })).toBe('bad_interval');
    expect(recurrenceProblem(daily('23:59'))).toBeNull();
    expect(() => nextOccurrence(daily('25:00'), new Date())).toThrow(/bad_time/);
  });
});
