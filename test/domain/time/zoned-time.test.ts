import { describe, expect, it } from 'vitest';
import { addDays, instantOfLocal, isoWeekday, isValidTimeZone, localDateTimeOf } from '../../../src/domain/time/zoned-time.ts';

const tz = 'America/Toronto';

describe('COMM-7 wall-clock time in the board’s zone, through Intl', () => {
  it('COMM-7 reads the local wall clock of an instant, midnight as hour 0', () => {
    expect(localDateTimeOf(new Date('2026-01-01T05:00:00Z'), tz)).toEqual({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 });
    expect(localDateTimeOf(new Date('2026-07-01T03:59:00Z'), tz)).toEqual({ year: 2026, month: 6, day: 30, hour: 23, minute: 59 });
  });

  it('COMM-7 turns a local time back into an instant, in winter and in summer', () => {
    expect(instantOfLocal({ year: 2026, month: 1, day: 15, hour: 7, minute: 0 }, tz)).toEqual(new Date('2026-01-15T12:00:00Z'));
    expect(instantOfLocal({ year: 2026, month: 7, day: 15, hour: 7, minute: 0 }, tz)).toEqual(new Date('2026-07-15T11:00:00Z'));
  });

  it('COMM-7 a local time skipped in spring is reached when the clock jumps; one repeated in autumn is its first pass unless asked', () => {
    expect(instantOfLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, tz)).toEqual(new Date('2026-03-08T07:00:00Z'));
    const repeated = { year: 2026, month: 11, day: 1, hour: 1, minute: 30 };
    expect(instantOfLocal(repeated, tz)).toEqual(new Date('2026-11-01T05:30:00Z'));
    expect(instantOfLocal(repeated, tz, 'later')).toEqual(new Date('2026-11-01T06:30:00Z'));
  });

  it('COMM-7 calendar arithmetic and zone names', () => {
    expect(isoWeekday({ year: 2026, month: 3, day: 8 })).toBe(7);
    expect(isoWeekday({ year: 2026, month: 3, day: 9 })).toBe(1);
    expect(addDays({ year: 2026, month: 2, day: 28 }, 1)).toEqual({ year: 2026, month: 3, day: 1 });
    expect(isValidTimeZone('America/Toronto')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
