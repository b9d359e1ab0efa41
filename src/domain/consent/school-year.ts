import { instantOfLocal, localDateTimeOf } from '../time/zoned-time.ts';

/**
 * A school year as the consent form writes it (« année scolaire 2025-2026 »). It runs from
 * July 1 to June 30 in the board's time zone: consents are valid for one school year only
 * (CONS-1) and content is destroyed by June 30 (COMM-5).
 */
export type SchoolYear = `${number}-${number}`;

const schoolYearPattern = /^(\d{4})-(\d{4})$/;

export function isSchoolYear(value: string): value is SchoolYear {
  const m = schoolYearPattern.exec(value);
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}

export function schoolYearStarting(year: number): SchoolYear {
  return `${year}-${year + 1}`;
}

function startYearOf(schoolYear: SchoolYear): number {
  return Number(schoolYear.slice(0, 4));
}

/** The school year in progress at instant `at`, read on the board's wall clock. */
export function schoolYearOf(at: Date, timeZone: string): SchoolYear {
  const local = localDateTimeOf(at, timeZone);
  return schoolYearStarting(local.month >= 7 ? local.year : local.year - 1);
}

export function nextSchoolYear(schoolYear: SchoolYear): SchoolYear {
  return schoolYearStarting(startYearOf(schoolYear) + 1);
}

/** First instant of the school year and first instant of the next one (July 1, 00:00 local). */
export function schoolYearBounds(schoolYear: SchoolYear, timeZone: string): { start: Date; end: Date } {
  const start = startYearOf(schoolYear);
  const july1 = (year: number) => instantOfLocal({ year, month: 7, day: 1, hour: 0, minute: 0 }, timeZone);
  return { start: july1(start), end: july1(start + 1) };
}
