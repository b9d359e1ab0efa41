import { describe, expect, it } from 'vitest';
import {
  isSchoolYear, nextSchoolYear, schoolYearBounds, schoolYearOf, schoolYearStarting,
} from '../../../src/domain/consent/school-year.ts';
import { ageOn } from '../../../src/domain/consent/student-age.ts';

const toronto = 'America/Toronto';

describe('school years run July 1 to June 30 on the board’s clock', () => {
  it('CONS-1 June 30 at 23:59 in Toronto is still the old school year, July 1 at 00:00 the new one', () => {
    expect(schoolYearOf(new Date('2026-07-01T03:59:00Z'), toronto)).toBe('2025-2026');
    expect(schoolYearOf(new Date('2026-07-01T04:00:00Z'), toronto)).toBe('2026-2027');
    // The same instant is already July 1 in Paris.
    expect(schoolYearOf(new Date('2026-06-30T22:30:00Z'), 'Europe/Paris')).toBe('2026-2027');
    expect(schoolYearOf(new Date('2026-01-15T12:00:00Z'), toronto)).toBe('2025-2026');
  });

  it('CONS-1 COMM-5 a school year’s bounds are July 1 midnight local, when consents expire', () => {
    expect(schoolYearBounds('2025-2026', toronto)).toEqual({
      start: new Date('2025-07-01T04:00:00Z'),
      end: new Date('2026-07-01T04:00:00Z'),
    });
  });

  it('CONS-1 a school year is written as on the form, « 2025-2026 »', () => {
    expect(schoolYearStarting(2025)).toBe('2025-2026');
    expect(nextSchoolYear('2025-2026')).toBe('2026-2027');
    expect(isSchoolYear('2025-2026')).toBe(true);
    expect(isSchoolYear('2025-2027')).toBe(false);
    expect(isSchoolYear('25-26')).toBe(false);
  });
});

describe('a student’s age on a day of the board', () => {
  it('CONS-6 the age changes on the birthday itself', () => {
    expect(ageOn('2011-10-15', { year: 2025, month: 10, day: 14 })).toBe(13);
    expect(ageOn('2011-10-15', { year: 2025, month: 10, day: 15 })).toBe(14);
    expect(ageOn('2011-10-15', { year: 2025, month: 11, day: 1 })).toBe(14);
  });
  it('CONS-6 an unknown or unreadable birth date gives no age (the guardians keep answering)', () => {
    expect(ageOn(null, { year: 2025, month: 10, day: 14 })).toBeNull();
    expect(ageOn('15/10/2011', { year: 2025, month: 10, day: 14 })).toBeNull();
    expect(ageOn('2011-13-01', { year: 2025, month: 10, day: 14 })).toBeNull();
    expect(ageOn('2030-01-01', { year: 2025, month: 10, day: 14 })).toBeNull();
  });
});
