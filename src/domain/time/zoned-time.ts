/**
 * Wall-clock time in the board's time zone, through `Intl` alone (no time-zone library): quiet
 * hours, the night window and the school year (July 1) are all set in local time, while the
 * server stores and compares instants.
 */
export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // h23: some engines write midnight as hour 24 with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at instant `at` (to the minute). */
export function localDateTimeOf(at: Date, timeZone: string): LocalDateTime {
  const out: LocalDateTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day' || part.type === 'hour' || part.type === 'minute') {
      out[part.type] = Number(part.value);
    }
  }
  return out;
}

const MINUTE = 60_000;
const wallMs = (l: LocalDateTime) => Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);

/** Offset of the zone from UTC at instant `ms`, in ms (east positive), to the minute. */
function offsetAt(ms: number, timeZone: string): number {
  const floored = Math.floor(ms / MINUTE) * MINUTE;
  return wallMs(localDateTimeOf(new Date(floored), timeZone)) - floored;
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`. A wall time skipped by a
 * DST change (02:30 on a spring-forward night) gives the first instant after the jump, since
 * a window opening then opens when the clock reaches it; a wall time that happens twice
 * (autumn) gives the earlier occurrence unless `prefer` is 'later'.
 */
export function instantOfLocal(local: LocalDateTime, timeZone: string, prefer: 'earlier' | 'later' = 'earlier'): Date {
  const wall = wallMs(local);
  // No zone changes its offset twice within two days, so the offsets a day either side are
  // the only ones this wall time can have.
  const before = wall - offsetAt(wall - 86_400_000, timeZone);
  const after = wall - offsetAt(wall + 86_400_000, timeZone);
  const shows = (ms: number) => wallMs(localDateTimeOf(new Date(ms), timeZone)) === wall;
  const fits = [before, after].filter(shows).sort((a, b) => a - b);
  if (fits.length > 0) return new Date(prefer === 'earlier' ? fits[0]! : fits[fits.length - 1]!);
  return new Date(firstInstantAtOrAfter(wall, Math.min(before, after), Math.max(before, after), timeZone));
}

/** In a spring-forward gap: the transition instant, the first whose wall clock is past `wall`. */
function firstInstantAtOrAfter(wall: number, lowMs: number, highMs: number, timeZone: string): number {
  let low = lowMs; // wall clock before `wall`
  let high = highMs; // wall clock after `wall`
  while (high - low > MINUTE) {
    const mid = Math.floor((low + high) / 2 / MINUTE) * MINUTE;
    if (mid <= low) break;
    if (wallMs(localDateTimeOf(new Date(mid), timeZone)) >= wall) high = mid;
    else low = mid;
  }
  return high;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const js = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** The calendar date `days` after `d`. */
export function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}
