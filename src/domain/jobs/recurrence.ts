import { addDays, instantOfLocal, isoWeekday, isValidTimeZone, type LocalDate, localDateTimeOf } from '../time/zoned-time.ts';

/**
 * When a recurring job comes back. Wall-clock rules are read in a time zone (the board's), so
 * « every day at 02:00 » stays at 02:00 on the school's clock through DST changes; a fixed
 * interval is counted in real time (housekeeping, where the wall clock does not matter).
 * Stored as JSON with the job: keep the shape plain.
 */
export type RecurrenceRule =
  | { every: 'minutes'; minutes: number }
  | { every: 'day'; at: string; timeZone: string }
  /** weekday: 1 = Monday … 7 = Sunday (ISO). */
  | { every: 'week'; weekday: number; at: string; timeZone: string }
  /** A date every year (consent expiry on July 1, the year-end checklist in June). */
  | { every: 'year'; month: number; day: number; at: string; timeZone: string };

export type RecurrenceProblem = 'bad_interval' | 'bad_time' | 'unknown_time_zone' | 'bad_weekday' | 'bad_date';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** Days in each month of a non-leap year: a yearly date must exist every year (no February 29). */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** What is wrong with a rule, or null: checked when a job is scheduled, never when it is due. */
export function recurrenceProblem(rule: RecurrenceRule): RecurrenceProblem | null {
  if (rule.every === 'minutes') return Number.isInteger(rule.minutes) && rule.minutes >= 1 && rule.minutes <= 366 * 24 * 60 ? null : 'bad_interval';
  if (!TIME.test(rule.at)) return 'bad_time';
  if (!isValidTimeZone(rule.timeZone)) return 'unknown_time_zone';
  if (rule.every === 'week' && !(Number.isInteger(rule.weekday) && rule.weekday >= 1 && rule.weekday <= 7)) return 'bad_weekday';
  if (rule.every === 'year') {
    const monthDays = Number.isInteger(rule.month) ? MONTH_DAYS[rule.month - 1] : undefined;
    if (monthDays === undefined || !Number.isInteger(rule.day) || rule.day < 1 || rule.day > monthDays) return 'bad_date';
  }
  return null;
}

/**
 * The first instant strictly after `after` at which the rule fires. Strictly after, so that a
 * job rescheduled from the moment it ran never fires twice: a wall time that happens twice on
 * an autumn night fires on its first pass only; one skipped in spring fires when the clock jumps.
 */
export function nextOccurrence(rule: RecurrenceRule, after: Date): Date {
  const problem = recurrenceProblem(rule);
  if (problem) throw new Error(`Invalid recurrence: ${problem}`);
  if (rule.every === 'minutes') return new Date(after.getTime() + rule.minutes * 60_000);
  const fires: (d: LocalDate) => boolean =
    rule.every === 'day' ? () => true : rule.every === 'week' ? (d) => isoWeekday(d) === rule.weekday : (d) => d.month === rule.month && d.day === rule.day;
  // Looking from the day before covers a zone west of UTC, whose local date may lag `after`'s;
  // a year and two days always holds the next matching date.
  const [hour, minute] = rule.at.split(':').map(Number) as [number, number];
  const start = addDays(localDateTimeOf(after, rule.timeZone), -1);
  for (let i = 0; i <= 368; i++) {
    const day = addDays(start, i);
    if (!fires(day)) continue;
    const at = instantOfLocal({ ...day, hour, minute }, rule.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('No next occurrence within a year'); // unreachable for a valid rule
}
