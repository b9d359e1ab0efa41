import type { LocalDate } from '../time/zoned-time.ts';

/**
 * Age in whole years on a calendar day of the board (CONS-6 compares it to the consent age),
 * from an ISO birth date; null when the roster gave none or it cannot be read, in which case
 * the student's guardians keep answering (the safer reading for a minor).
 */
export function ageOn(birthDate: string | null, day: LocalDate): number | null {
  const m = birthDate === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || date < 1 || date > 31) return null;
  const hadBirthday = day.month > month || (day.month === month && day.day >= date);
  const age = day.year - year - (hadBirthday ? 0 : 1);
  return age >= 0 ? age : null;
}
