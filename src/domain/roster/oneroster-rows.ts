import { readCsvTable, type ReadCsvOptions } from './csv-table.ts';
import type { RosterStatus } from './oneroster-types.ts';
import { rosterErrors, type RosterError } from './roster-error.ts';
import { Columns } from './roster-columns.ts';
import { parseRosterDate } from './roster-values.ts';

/**
 * The files of a OneRoster 1.1 set (ORG-2) and the checks every one of them makes on its rows:
 * sourcedIds present and not repeated, required fields, values from a fixed list, dates, status.
 * Files are matched on their base name, in any case; columns by header name, in any order and
 * any case; vendor columns are ignored.
 */
const ONEROSTER_FILES = {
  orgs: 'orgs.csv',
  academicSessions: 'academicSessions.csv',
  courses: 'courses.csv',
  classes: 'classes.csv',
  users: 'users.csv',
  enrollments: 'enrollments.csv',
} as const;
type OneRosterFile = keyof typeof ONEROSTER_FILES;
const REQUIRED_FILES: readonly OneRosterFile[] = ['orgs', 'academicSessions', 'classes', 'users', 'enrollments'];
const FILE_BY_LOWER = new Map<string, OneRosterFile>(
  (Object.entries(ONEROSTER_FILES) as [OneRosterFile, string][]).map(([k, name]) => [name.toLowerCase(), k]),
);

/** A file's own name, without its folder (`/` or `\`). */
export function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

/** Which file is which, on base name in any case; reports a file given twice or a required one missing. */
export function findOneRosterFiles(files: ReadonlyMap<string, Buffer | string>, report: (e: RosterError) => void): Map<OneRosterFile, Buffer | string> {
  const found = new Map<OneRosterFile, Buffer | string>();
  for (const [name, data] of files) {
    const key = FILE_BY_LOWER.get(basename(name).toLowerCase());
    if (!key) continue;
    if (found.has(key)) report(rosterErrors.duplicateFile(ONEROSTER_FILES[key]));
    else found.set(key, data);
  }
  for (const key of REQUIRED_FILES) if (!found.has(key)) report(rosterErrors.missingFile(ONEROSTER_FILES[key]));
  return found;
}

/** A fixed list of values, looked up in any case, giving each value's own spelling. */
interface Choices<T extends string> {
  values: readonly T[];
  byLower: ReadonlyMap<string, T>;
}
export function choices<T extends string>(values: readonly T[]): Choices<T> {
  return { values, byLower: new Map(values.map((v) => [v.toLowerCase(), v])) };
}

const STATUS = choices(['active', 'tobedeleted', 'inactive']);

/** Opens the files of one set and reads their cells, reporting every problem to `report`. */
export class OneRosterRows {
  constructor(
    readonly report: (e: RosterError) => void,
    private readonly found: ReadonlyMap<OneRosterFile, Buffer | string>,
    private readonly opts: ReadCsvOptions,
  ) {}

  /** The file's columns, or null when it is absent, unreadable or lacks a required column. */
  open(key: OneRosterFile, required: readonly string[], optional: readonly string[]): Columns | null {
    const data = this.found.get(key);
    if (data === undefined) return null;
    const table = readCsvTable(ONEROSTER_FILES[key], data, this.report, this.opts);
    if (!table) return null;
    const cols = new Columns(table, required, optional);
    const missing = cols.missing();
    for (const c of missing) this.report(rosterErrors.missingColumn(table.file, c));
    return missing.length > 0 ? null : cols;
  }

  /**
   * Visits each row whose sourcedId is present and not repeated; the others are reported and
   * skipped. False when a line could not be read at all.
   */
  forEachRecord(cols: Columns, visit: (row: string[], line: number, sourcedId: string) => void): boolean {
    const id = cols.get('sourcedId');
    const file = cols.table.file;
    const seen = new Map<string, number>();
    return cols.table.forEachRow(cols.indexes(), (row, line) => {
      const sourcedId = id(row);
      if (sourcedId === '') return this.report(rosterErrors.missingField(file, line, 'sourcedId'));
      const first = seen.get(sourcedId);
      if (first !== undefined) return this.report(rosterErrors.duplicateId(file, line, sourcedId, first));
      seen.set(sourcedId, line);
      visit(row, line, sourcedId);
    });
  }

  /** 'ended' for tobedeleted and inactive; an unknown status is reported and read as active meanwhile (nothing is written anyway). */
  status(file: string, line: number, value: string): RosterStatus {
    if (value === '') return 'active';
    const v = this.choice(file, line, 'status', value, STATUS);
    return v === undefined || v === 'active' ? 'active' : 'ended';
  }

  /** False (and reported) when the value is empty. */
  required(file: string, line: number, column: string, value: string): boolean {
    if (value !== '') return true;
    this.report(rosterErrors.missingField(file, line, column));
    return false;
  }

  /** A required value from a fixed list, in any case; undefined (and reported) when absent or not in it. */
  choice<T extends string>(file: string, line: number, column: string, value: string, list: Choices<T>): T | undefined {
    if (!this.required(file, line, column, value)) return undefined;
    const v = list.byLower.get(value.toLowerCase());
    if (v === undefined) this.report(rosterErrors.invalidValue(file, line, column, value, list.values));
    return v;
  }

  /** The day, null when empty and optional, undefined (and reported) when missing or not a date. */
  date(file: string, line: number, column: string, value: string, required: boolean): string | null | undefined {
    if (value === '') {
      if (required) this.report(rosterErrors.missingField(file, line, column));
      return required ? undefined : null;
    }
    const d = parseRosterDate(value);
    if (d === null) {
      this.report(rosterErrors.invalidDate(file, line, column, value));
      return undefined;
    }
    return d;
  }

  /** Both dates of a period (`columns`: start, end), the end not before the start (reported with the values as written). */
  period(file: string, line: number, columns: readonly [string, string], start: string, end: string, required: boolean) {
    const startsOn = this.date(file, line, columns[0], start, required);
    const endsOn = this.date(file, line, columns[1], end, required);
    const inOrder = !(startsOn && endsOn && endsOn < startsOn);
    if (!inOrder) this.report(rosterErrors.dateOrder(file, line, start, end));
    return { startsOn, endsOn, inOrder };
  }
}
