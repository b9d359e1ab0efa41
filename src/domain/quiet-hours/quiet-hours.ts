import { addDays, instantOfLocal, isoWeekday, isValidTimeZone, type LocalDate, localDateTimeOf } from '../time/zoned-time.ts';

/**
 * COMM-7: when a message or notification between a class and its families may go out.
 * Staff set quiet hours per weekday (nothing moves between the class and families then, in
 * either direction); the board sets a night window in which families are never notified; an
 * urgent school notice goes out at once. All times are wall-clock times in the board's zone.
 */
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

/** `from` and `to` are 'HH:MM'; `to` may be '24:00'. A weekday range never spans midnight. */
export interface TimeRange {
  from: string;
  to: string;
}

export interface QuietHoursPolicy {
  /** IANA zone of the board, e.g. 'America/Toronto'. */
  timeZone: string;
  /** Board-wide; spans midnight when `from` > `to` (e.g. 21:00–07:00). */
  night: TimeRange;
  /** Staff-set; a weekday that is missing or empty has no quiet hours. */
  quietHours: Readonly<Partial<Record<Weekday, readonly TimeRange[]>>>;
}

/** Who is to be told: a family (from staff) or a staff member (a family's message). */
export type Delivery = { to: 'family'; urgentSchoolNotice: boolean } | { to: 'staff' };

export type DeliveryTiming =
  | { wait: false }
  | { wait: true; until: Date; because: 'night' | 'quiet_hours' };

const NOW: DeliveryTiming = Object.freeze({ wait: false });
const DAY_MINUTES = 24 * 60;

/** 'HH:MM' → minutes after midnight, or NaN when malformed. */
export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return Number.NaN;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= DAY_MINUTES ? minutes : Number.NaN;
}

type Span = { from: number; to: number; because: 'night' | 'quiet_hours' };

/** Minutes of one local day during which this delivery must wait. */
function blockedSpans(policy: QuietHoursPolicy, delivery: Delivery, day: LocalDate): Span[] {
  const spans: Span[] = [];
  if (delivery.to === 'family') {
    const from = minutesOf(policy.night.from);
    const to = minutesOf(policy.night.to);
    if (from > to) spans.push({ from: 0, to, because: 'night' }, { from, to: DAY_MINUTES, because: 'night' });
    else if (from < to) spans.push({ from, to, because: 'night' });
  }
  for (const r of policy.quietHours[weekdays[isoWeekday(day) - 1]!] ?? []) {
    spans.push({ from: minutesOf(r.from), to: minutesOf(r.to), because: 'quiet_hours' });
  }
  return spans;
}

/**
 * Whether a delivery at instant `at` must wait, and until which instant. The wait ends at the
 * first local minute that no quiet range (nor, for a family, the night) covers, however many
 * ranges follow one another (a Friday evening, a weekend, Monday's night).
 */
export function whenToDeliver(policy: QuietHoursPolicy, delivery: Delivery, at: Date): DeliveryTiming {
  if (delivery.to === 'family' && delivery.urgentSchoolNotice) return NOW;
  const now = localDateTimeOf(at, policy.timeZone);
  let day: LocalDate = now;
  let minute = now.hour * 60 + now.minute;
  let because: Span['because'] | null = null;
  // Eight days: a whole week can be quiet only through a policy quietHoursProblems refuses.
  for (let days = 0; days <= 8; ) {
    const spans = blockedSpans(policy, delivery, day).filter((s) => s.from <= minute && minute < s.to);
    const covering = spans.sort((a, b) => b.to - a.to)[0];
    if (!covering) {
      if (because === null) return NOW;
      const local = { ...day, hour: Math.floor(minute / 60), minute: minute % 60 };
      let until = instantOfLocal(local, policy.timeZone);
      // In the autumn's repeated hour the earlier occurrence may already be past.
      if (until <= at) until = instantOfLocal(local, policy.timeZone, 'later');
      return { wait: true, until, because };
    }
    // The board's night is named first: it holds even where staff set no quiet hours.
    because ??= spans.some((s) => s.because === 'night') ? 'night' : 'quiet_hours';
    minute = covering.to;
    if (minute >= DAY_MINUTES) {
      day = addDays(day, 1);
      minute = 0;
      days++;
    }
  }
  throw new Error('quiet hours cover the whole week: no delivery is ever possible');
}

export type QuietHoursProblem =
  | { code: 'unknown_time_zone' }
  | { code: 'bad_time'; where: 'night' | Weekday }
  | { code: 'empty_night' }
  | { code: 'range_ends_before_it_starts'; where: Weekday }
  | { code: 'always_quiet' };

/** What is wrong with a policy a person typed (empty when it can be saved). */
export function quietHoursProblems(policy: QuietHoursPolicy): QuietHoursProblem[] {
  const problems: QuietHoursProblem[] = [];
  if (!isValidTimeZone(policy.timeZone)) problems.push({ code: 'unknown_time_zone' });
  const nightFrom = minutesOf(policy.night.from);
  const nightTo = minutesOf(policy.night.to);
  if (Number.isNaN(nightFrom) || Number.isNaN(nightTo)) problems.push({ code: 'bad_time', where: 'night' });
  else if (nightFrom === nightTo) problems.push({ code: 'empty_night' });
  for (const day of weekdays) {
    for (const r of policy.quietHours[day] ?? []) {
      const from = minutesOf(r.from);
      const to = minutesOf(r.to);
      if (Number.isNaN(from) || Number.isNaN(to)) problems.push({ code: 'bad_time', where: day });
      else if (from >= to) problems.push({ code: 'range_ends_before_it_starts', where: day });
    }
  }
  if (problems.length === 0 && weekdays.every((day) => familiesNeverReachedOn(policy, day))) {
    problems.push({ code: 'always_quiet' });
  }
  return problems;
}

/** Whether quiet hours and the night leave no minute of that weekday for telling a family. */
function familiesNeverReachedOn(policy: QuietHoursPolicy, weekday: Weekday): boolean {
  // Any date with that weekday will do: 2024-01-01 was a Monday.
  const day = { year: 2024, month: 1, day: 1 + weekdays.indexOf(weekday) };
  const spans = blockedSpans(policy, { to: 'family', urgentSchoolNotice: false }, day).sort((a, b) => a.from - b.from);
  let reached = 0;
  for (const s of spans) {
    if (s.from > reached) return false;
    reached = Math.max(reached, s.to);
  }
  return reached >= DAY_MINUTES;
}
