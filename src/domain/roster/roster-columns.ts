import type { CsvTable } from './csv-table.ts';
import { rosterErrors, type RosterError } from './roster-error.ts';
import { WarningList, type RosterWarning } from './roster-warning.ts';

/** Thrown when the error list is full: the check stops there. */
class ErrorCapReached extends Error {}

/** Errors of one import, at most `max` (then one `roster.too_many_errors` and ErrorCapReached). */
export class ErrorList {
  readonly list: RosterError[] = [];
  constructor(private readonly max: number) {}
  add = (e: RosterError): void => {
    if (this.list.length >= this.max) {
      this.list.push(rosterErrors.tooManyErrors(e.file));
      throw new ErrorCapReached();
    }
    this.list.push(e);
  };
}

/** What a parser gives: the set and what to know about it, or every error found. */
export type RosterParseResult<T> = { ok: true; set: T; warnings: RosterWarning[] } | { ok: false; errors: RosterError[] };

/**
 * Runs one whole parse against an error list of at most `max` entries: what it built when it
 * found nothing wrong (with its warnings), or every error it found (up to the cap, where the
 * check stops).
 */
export function parseCollectingErrors<T>(max: number, parse: (errors: ErrorList, warnings: WarningList) => T | null): RosterParseResult<T> {
  const errors = new ErrorList(max);
  const warnings = new WarningList();
  try {
    const set = parse(errors, warnings);
    if (errors.list.length > 0 || !set) return { ok: false, errors: errors.list };
    return { ok: true, set, warnings: warnings.list() };
  } catch (e) {
    if (e instanceof ErrorCapReached) return { ok: false, errors: errors.list };
    throw e;
  }
}

/** Column indexes of a table, resolved once; absent optional columns read as ''. */
export class Columns {
  private readonly idx = new Map<string, number>();
  constructor(
    readonly table: CsvTable,
    readonly required: readonly string[],
    readonly optional: readonly string[],
  ) {
    for (const c of [...required, ...optional]) this.idx.set(c, table.column(c));
  }
  /** Indexes of every column this file reads, for the reader to fill in. */
  indexes(): number[] {
    return [...this.idx.values()].filter((i) => i >= 0);
  }
  missing(): string[] {
    return this.required.filter((c) => this.idx.get(c) === -1);
  }
  /** Accessor for one column: trimmed cell text. */
  get(name: string): (row: string[]) => string {
    const i = this.idx.get(name) ?? -1;
    if (i === -1) return () => '';
    return (row) => {
      const v = row[i]!;
      return v.length === 0 ? v : v.trim();
    };
  }
}
