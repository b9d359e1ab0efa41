import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import { dialectOf } from '../dialect.ts';
import type { Database } from '../schema.ts';
import type { Cell } from '../../domain/roster/lifecycle-changes.ts';

/** Bound parameters per statement: SQLite's SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32), PostgreSQL's protocol limit. */
const MAX_PARAMS = { sqlite: 32_766, postgres: 65_535 } as const;
/** Rows per multi-row INSERT at most, whatever the parameter room. */
const MAX_ROWS_PER_INSERT = 5_000;
/** Ids per `where id in (…)` when ending rows. */
const END_CHUNK = 5_000;
/** Single-row updates sent before waiting for them (they queue on the transaction's connection). */
const UPDATE_WINDOW = 1_000;

export type RosterTable = 'school' | 'school_year' | 'class_group' | 'person' | 'enrollment' | 'guardian_link' | 'role_assignment';
const WITH_UPDATED_AT = new Set<RosterTable>(['school', 'school_year', 'class_group', 'person']);

/**
 * The bulk writer of a roster import, inside its transaction: one compiled statement per
 * (table, row count) — a multi-row INSERT or a single-row UPDATE — executed again with fresh
 * parameters, so Kysely builds and compiles each shape once. `onWritten` hears how many rows
 * each statement wrote (the import's progress).
 */
export class RosterWriter {
  private readonly shapes = new Map<string, CompiledQuery>();
  private readonly maxParams: number;

  constructor(
    readonly trx: Transaction<Database>,
    private readonly onWritten: (rows: number) => void = () => {},
  ) {
    this.maxParams = MAX_PARAMS[dialectOf(trx)];
  }

  private get db(): Kysely<any> {
    return this.trx as unknown as Kysely<any>;
  }

  private insertShape(table: string, columns: readonly string[], n: number): CompiledQuery {
    const key = `i:${table}:${columns.join(',')}:${n}`;
    let q = this.shapes.get(key);
    if (!q) {
      const row: Record<string, null> = {};
      for (const c of columns) row[c] = null;
      q = this.db.insertInto(table).values(Array.from({ length: n }, () => row)).compile();
      if (q.parameters.length !== n * columns.length) throw new Error(`unexpected insert shape for ${table}`);
      this.shapes.set(key, q);
    }
    return q;
  }

  /** Inserts rows given as cells in `columns` order, in as few statements as the parameter limit allows. */
  async insert(table: RosterTable | 'guardian_link_restriction_event', columns: readonly string[], rows: readonly Cell[][]): Promise<void> {
    const width = columns.length;
    const per = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(this.maxParams / width)));
    for (let i = 0; i < rows.length; i += per) {
      const n = Math.min(per, rows.length - i);
      const shape = this.insertShape(table, columns, n);
      const params = new Array<Cell>(n * width);
      let k = 0;
      for (let r = i; r < i + n; r++) {
        const row = rows[r]!;
        for (let c = 0; c < width; c++) params[k++] = row[c]!;
      }
      await this.trx.executeQuery({ ...shape, parameters: params });
      this.onWritten(n);
    }
  }

  private updateShape(table: RosterTable, columns: readonly string[]): CompiledQuery {
    const key = `u:${table}:${columns.join(',')}`;
    let shape = this.shapes.get(key);
    if (!shape) {
      const set: Record<string, string> = {};
      columns.forEach((c, i) => (set[c] = `\u0000${i}`));
      shape = this.db.updateTable(table).set(set).where('id', '=', '\u0000id').compile();
      const expected = [...columns.map((_, i) => `\u0000${i}`), '\u0000id'];
      if (shape.parameters.join('|') !== expected.join('|')) throw new Error(`unexpected update shape for ${table}`);
      this.shapes.set(key, shape);
    }
    return shape;
  }

  /** `update table set columns… where id = ?`; each row is [...values in column order, id]. */
  async update(table: RosterTable, columns: readonly string[], rows: readonly Cell[][]): Promise<void> {
    if (rows.length === 0) return;
    const shape = this.updateShape(table, columns);
    for (let i = 0; i < rows.length; i += UPDATE_WINDOW) {
      const batch = rows.slice(i, i + UPDATE_WINDOW);
      await Promise.all(batch.map((params) => this.trx.executeQuery({ ...shape, parameters: params })));
      this.onWritten(batch.length);
    }
  }

  /** Ends rows (status 'ended', when): nothing an import touches is ever deleted. */
  async end(table: RosterTable, ids: Iterable<string>, now: string): Promise<void> {
    const all = [...ids];
    const values = WITH_UPDATED_AT.has(table) ? { status: 'ended', ended_at: now, updated_at: now } : { status: 'ended', ended_at: now };
    for (let i = 0; i < all.length; i += END_CHUNK) {
      const chunk = all.slice(i, i + END_CHUNK);
      await this.db.updateTable(table).set(values).where('id', 'in', chunk).execute();
      this.onWritten(chunk.length);
    }
  }
}
