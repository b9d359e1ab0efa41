/** Small readers for OneRoster cell values. Pure functions. */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * `2026-08-25`, `2026-08-25T00:00:00Z`, `2026-08-25T00:00:00.000Z` (or with an offset) →
 * `2026-08-25`; anything else, including impossible days such as 2026-02-30 → null.
 * The calendar day written in the file is kept: no time-zone conversion.
 */
export function parseRosterDate(value: string): string | null {
  const m = DATE_RE.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 60))) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** A multi-valued cell (`"09,10"`, `"a, b"`) → trimmed, non-empty values in order, duplicates removed. */
export function splitMulti(value: string): string[] {
  if (value === '') return [];
  if (value.indexOf(',') === -1) {
    const v = value.trim();
    return v === '' ? [] : [v];
  }
  const out: string[] = [];
  for (const part of value.split(',')) {
    const v = part.trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Grades as stored: comma-joined, no spaces; null when none. */
export function joinGrades(value: string): string | null {
  const parts = splitMulti(value);
  return parts.length === 0 ? null : parts.join(',');
}

/** OneRoster booleans: true/false in any case; empty → the default. Anything else → null. */
export function parseRosterBoolean(value: string, fallback: boolean): boolean | null {
  if (value === 'true') return true;
  if (value === 'false') return false;
  const v = value.trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  if (v === 'false' || v === '0' || v === 'no') return false;
  return null;
}
