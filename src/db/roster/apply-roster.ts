import { randomUUID } from 'node:crypto';
import { sql, type CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../dialect.ts';
import type { Database, LifecycleStatus, RosterFormat } from '../schema.ts';
import { appendAuditEntries } from '../audit/append-audit-entries.ts';
import {
  emptyRosterCounts,
  type RosterCounts,
  type RosterEntityCounts,
  type RosterSet,
  type RosterStatus,
} from '../../domain/roster/oneroster-types.ts';
import type { RosterError } from '../../domain/roster/roster-error.ts';
import { restrictionToCarry, type EndedRestriction, type LinkedPerson } from '../../domain/roster/carry-restrictions.ts';

/**
 * Writes a checked roster set (ORG-2; read from OneRoster or the plain CSV) for one board, in one transaction, on SQLite or
 * PostgreSQL. The set is authoritative for what it manages — rows that carry a source_id (and,
 * for links and role assignments, source 'import'): what changed is updated, what is new is
 * inserted, what disappeared or is marked tobedeleted/inactive is ended. Nothing is deleted.
 * Rows created by hand or by the demo (no source_id) are left alone, except that the enrollments,
 * guardian links and role assignments of an imported person or class that ends are ended too.
 * Restriction columns of guardian links are never written by an import (ORG-4), except that a
 * new link takes over the restriction of a link no longer active between the same guardian and
 * the same child under other records (domain/roster/carry-restrictions.ts).
 */
export interface ApplyRosterArgs {
  boardId: string;
  set: RosterSet;
  /** What the set was read from (recorded on the import run); OneRoster when not said. */
  format?: RosterFormat;
  actorId: string | null;
  sourceLabel: string;
  ip?: string | null;
}

export interface ApplyRosterResult {
  importRunId: string;
  counts: RosterCounts;
  /** Restrictions taken over by new guardian links (ORG-4): each is in the audit log. */
  restrictionsCarried: CarriedRestriction[];
}

export interface CarriedRestriction {
  fromLinkId: string;
  toLinkId: string;
  guardianId: string;
  studentId: string;
}

/** Bound parameters per statement: SQLite's SQLITE_MAX_VARIABLE_NUMBER (32766 since 3.32), PostgreSQL's protocol limit. */
const MAX_PARAMS = { sqlite: 32_766, postgres: 65_535 } as const;
/** Rows per multi-row INSERT at most, whatever the parameter room. */
const MAX_ROWS_PER_INSERT = 5_000;
/** Ids per `where id in (…)` when ending rows. */
const END_CHUNK = 5_000;
/** Single-row updates sent before waiting for them (they queue on the transaction's connection). */
const UPDATE_WINDOW = 1_000;

type AnyDb = Kysely<any>;
type Cell = string | number | null;

/**
 * Bulk writer: one compiled statement per (table, row count) — a multi-row INSERT or a single-row
 * UPDATE — executed again with fresh parameters, so Kysely builds and compiles each shape once.
 */
class Writer {
  private readonly shapes = new Map<string, CompiledQuery>();
  private readonly maxParams: number;
  constructor(
    readonly trx: Transaction<Database>,
    dialect: 'sqlite' | 'postgres',
  ) {
    this.maxParams = MAX_PARAMS[dialect];
  }

  private get db(): AnyDb {
    return this.trx as unknown as AnyDb;
  }

  private insertShape(table: string, columns: readonly string[], n: number): CompiledQuery {
    const key = `i:${table}:${n}`;
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

  async insert(table: keyof Database, columns: readonly string[], rows: readonly Cell[][]): Promise<void> {
    if (rows.length === 0) return;
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
    }
  }

  /** `update table set columns… where id = ?`; each row is [...values in column order, id]. */
  async update(table: keyof Database, columns: readonly string[], rows: readonly Cell[][]): Promise<void> {
    if (rows.length === 0) return;
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
    for (let i = 0; i < rows.length; i += UPDATE_WINDOW) {
      const batch = rows.slice(i, i + UPDATE_WINDOW);
      await Promise.all(batch.map((params) => this.trx.executeQuery({ ...shape, parameters: params })));
    }
  }

  async end(table: 'school' | 'school_year' | 'class_group' | 'person' | 'enrollment' | 'guardian_link' | 'role_assignment', ids: readonly string[], now: string): Promise<void> {
    const withUpdatedAt = table === 'school' || table === 'school_year' || table === 'class_group' || table === 'person';
    const values = withUpdatedAt ? { status: 'ended', ended_at: now, updated_at: now } : { status: 'ended', ended_at: now };
    for (let i = 0; i < ids.length; i += END_CHUNK) {
      await this.db
        .updateTable(table)
        .set(values)
        .where('id', 'in', ids.slice(i, i + END_CHUNK))
        .execute();
    }
  }
}

/** A lifecycle row as loaded: its id, source id, status, and its data columns. */
interface ExistingRow {
  id: string;
  source_id: string;
  status: LifecycleStatus;
  [column: string]: Cell;
}

interface Desired {
  sourcedId: string;
  status: RosterStatus;
  /** Values of the data columns, in the table's data column order. */
  data: Cell[];
}

interface LifecycleSpec {
  table: 'school' | 'school_year' | 'class_group' | 'person';
  /** Columns written on insert before the data columns (board_id…), with their values. */
  fixedColumns: readonly string[];
  fixedValues: readonly Cell[];
  dataColumns: readonly string[];
}

interface LifecycleOutcome {
  /** source_id → id of every row the set may refer to (created, kept, or ended by this import). */
  ids: Map<string, string>;
  /** Ids of rows created, changed or ended by this import. */
  touched: string[];
  /** Ids of managed rows whose final status is ended (ended now or before). */
  ended: Set<string>;
}

/** Diff one kind of lifecycle row (school, year, class, person) and write the difference. */
async function syncLifecycle(
  w: Writer,
  spec: LifecycleSpec,
  existing: Map<string, ExistingRow>,
  desired: Iterable<Desired>,
  counts: RosterEntityCounts,
  now: string,
): Promise<LifecycleOutcome> {
  const ids = new Map<string, string>();
  const touched: string[] = [];
  const ended = new Set<string>();
  const inserts: Cell[][] = [];
  const updates: Cell[][] = [];
  const toEnd: string[] = [];
  const seen = new Set<string>();
  const dc = spec.dataColumns;

  for (const d of desired) {
    seen.add(d.sourcedId);
    const ex = existing.get(d.sourcedId);
    if (!ex) {
      if (d.status === 'ended') continue; // never create what the set says is gone
      const id = randomUUID();
      ids.set(d.sourcedId, id);
      inserts.push([id, ...spec.fixedValues, d.sourcedId, ...d.data, 'active', now, now]);
      touched.push(id);
      counts.created++;
      continue;
    }
    ids.set(d.sourcedId, ex.id);
    if (d.status === 'ended') {
      ended.add(ex.id);
      if (ex.status === 'active') {
        toEnd.push(ex.id);
        touched.push(ex.id);
        counts.ended++;
      } else counts.unchanged++;
      continue;
    }
    let same = ex.status === 'active';
    for (let i = 0; same && i < dc.length; i++) if (ex[dc[i]!] !== d.data[i]) same = false;
    if (same) {
      counts.unchanged++;
      continue;
    }
    updates.push([...d.data, 'active', null, now, ex.id]);
    touched.push(ex.id);
    counts.updated++;
  }
  for (const ex of existing.values()) {
    if (seen.has(ex.source_id)) continue;
    ended.add(ex.id);
    if (ex.status !== 'active') continue;
    toEnd.push(ex.id);
    touched.push(ex.id);
    counts.ended++;
  }

  await w.insert(spec.table, ['id', ...spec.fixedColumns, 'source_id', ...dc, 'status', 'created_at', 'updated_at'], inserts);
  await w.update(spec.table, [...dc, 'status', 'ended_at', 'updated_at'], updates);
  await w.end(spec.table, toEnd, now);
  return { ids, touched, ended };
}

function bySource<T extends { source_id: string | null; status: LifecycleStatus }>(rows: T[], key: (r: T) => string | null = (r) => r.source_id): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const prev = m.get(k);
    // Several rows can share a source id (history); the active one is the one the set speaks of.
    if (!prev || (prev.status !== 'active' && r.status === 'active')) m.set(k, r);
  }
  return m;
}

type LinkTable = 'enrollment' | 'guardian_link' | 'role_assignment';

/**
 * What an import does to one table of links (enrollments, guardian links, role assignments): rows
 * to insert, update and end, counted as they are decided, naming whose information an ended row
 * concerned. Callers name the people of new and updated rows themselves.
 */
class LinkChanges<R extends { id: string; status: string }> {
  private readonly inserts: Cell[][] = [];
  private readonly updates: Cell[][] = [];
  private readonly toEnd = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly counts: RosterEntityCounts,
    private readonly concerned: (r: R) => void,
  ) {}

  /** The set speaks of this row (so it is not stale). */
  see(ex: R | undefined): void {
    if (ex) this.seen.add(ex.id);
  }

  wasSeen(r: R): boolean {
    return this.seen.has(r.id);
  }

  /** Whether this import ends the row (as decided so far). */
  isEnding(r: R): boolean {
    return this.toEnd.has(r.id);
  }

  /** The set does not want the row active: it ends if it was active. */
  retire(ex: R | undefined): void {
    if (ex?.status === 'active') this.end(ex);
    else if (ex) this.counts.unchanged++;
  }

  /** The row gives way to a new one (same source id, other class or person): it ends if active. */
  replace(ex: R | undefined): void {
    if (ex?.status === 'active') this.end(ex);
  }

  unchanged(): void {
    this.counts.unchanged++;
  }

  update(row: Cell[]): void {
    this.updates.push(row);
    this.counts.updated++;
  }

  insert(row: Cell[]): void {
    this.inserts.push(row);
    this.counts.created++;
  }

  /** Ends the active rows that are stale: gone from a set that manages them, or hanging on something this import ended. */
  endStale(rows: readonly R[], stale: (r: R) => boolean): void {
    for (const r of rows) if (r.status === 'active' && !this.toEnd.has(r.id) && stale(r)) this.end(r);
  }

  async write(w: Writer, table: LinkTable, columns: { insert: readonly string[]; update: readonly string[] }, now: string): Promise<void> {
    await w.insert(table, columns.insert, this.inserts);
    await w.update(table, columns.update, this.updates);
    await w.end(table, [...this.toEnd], now);
  }

  private end(r: R): void {
    this.toEnd.add(r.id);
    this.concerned(r);
    this.counts.ended++;
  }
}

/**
 * SQLite keeps 2 MB of pages in memory by default: a large import then spills the same index pages
 * to the WAL again and again. For the import's duration the connection may keep more (memory is
 * only taken as pages are used), then goes back to what it had.
 */
export const SQLITE_IMPORT_CACHE_KIB = 256 * 1024;

async function withLargerSqliteCache<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  const current = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size;
  if (current === undefined) return fn();
  // A negative size is in KiB already; a positive one counts pages.
  const pageSize = async () => (await sql<{ page_size: number }>`pragma page_size`.execute(db)).rows[0]?.page_size ?? 4096;
  const currentKib = current < 0 ? -current : (current * (await pageSize())) / 1024;
  if (currentKib >= SQLITE_IMPORT_CACHE_KIB) return fn();
  await sql.raw(`pragma cache_size = -${SQLITE_IMPORT_CACHE_KIB}`).execute(db);
  try {
    return await fn();
  } finally {
    await sql.raw(`pragma cache_size = ${Number(current)}`).execute(db);
  }
}

export async function applyRoster(db: Kysely<Database>, args: ApplyRosterArgs): Promise<ApplyRosterResult> {
  const dialect = dialectOf(db);
  return dialect === 'sqlite' ? withLargerSqliteCache(db, () => applyInTransaction(db, dialect, args)) : applyInTransaction(db, dialect, args);
}

async function applyInTransaction(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', args: ApplyRosterArgs): Promise<ApplyRosterResult> {
  const startedAt = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const w = new Writer(trx, dialect);
    const { boardId, set } = args;
    const counts = emptyRosterCounts();
    const subjects = new Set<string>();
    const carried: CarriedRestriction[] = [];

    // ------------------------------------------------------------- board
    // First statement: locks the board row (PostgreSQL) / takes the write lock (SQLite), so two
    // imports for one board run one after the other; records the district's id if none yet.
    const board = await trx
      .updateTable('board')
      .set((eb) => ({ source_id: eb.fn.coalesce('source_id', eb.val(set.district?.sourcedId ?? null)) }))
      .where('id', '=', boardId)
      .executeTakeFirst();
    if (Number(board.numUpdatedRows) !== 1) throw new Error(`No board ${boardId}`);

    // ---------------------------------------------------------- schools
    const existingSchools = bySource(
      await trx.selectFrom('school').select(['id', 'source_id', 'status', 'name', 'code']).where('board_id', '=', boardId).execute(),
    ) as Map<string, ExistingRow>;
    const schools = await syncLifecycle(
      w,
      { table: 'school', fixedColumns: ['board_id'], fixedValues: [boardId], dataColumns: ['name', 'code'] },
      existingSchools,
      set.schools.map((s) => ({ sourcedId: s.sourcedId, status: s.status, data: [s.name, s.code] })),
      counts.schools,
      now,
    );

    // ----------------------------------------------------- school years
    const existingYears = bySource(
      await trx
        .selectFrom('school_year')
        .select(['id', 'source_id', 'status', 'name', 'starts_on', 'ends_on'])
        .where('board_id', '=', boardId)
        .execute(),
    ) as Map<string, ExistingRow>;
    const years = await syncLifecycle(
      w,
      { table: 'school_year', fixedColumns: ['board_id'], fixedValues: [boardId], dataColumns: ['name', 'starts_on', 'ends_on'] },
      existingYears,
      set.schoolYears.map((y) => ({ sourcedId: y.sourcedId, status: y.status, data: [y.name, y.startsOn, y.endsOn] })),
      counts.schoolYears,
      now,
    );

    // ---------------------------------------------------------- classes
    const existingClasses = bySource(
      await trx
        .selectFrom('class_group')
        .innerJoin('school', 'school.id', 'class_group.school_id')
        .select([
          'class_group.id',
          'class_group.source_id',
          'class_group.status',
          'class_group.school_id',
          'class_group.school_year_id',
          'class_group.name',
          'class_group.code',
          'class_group.grades',
        ])
        .where('school.board_id', '=', boardId)
        .execute(),
    ) as Map<string, ExistingRow>;
    const classes = await syncLifecycle(
      w,
      { table: 'class_group', fixedColumns: [], fixedValues: [], dataColumns: ['school_id', 'school_year_id', 'name', 'code', 'grades'] },
      existingClasses,
      (function* () {
        for (const c of set.classes) {
          const schoolId = schools.ids.get(c.schoolSourcedId);
          const yearId = years.ids.get(c.schoolYearSourcedId);
          // A class whose school or year was never created is necessarily ended (see the parser).
          if (schoolId === undefined || yearId === undefined) {
            yield { sourcedId: c.sourcedId, status: 'ended' as const, data: [] };
            continue;
          }
          yield { sourcedId: c.sourcedId, status: c.status, data: [schoolId, yearId, c.name, c.code, c.grades] };
        }
      })(),
      counts.classes,
      now,
    );

    // ---------------------------------------------------------- persons
    const existingPersons = bySource(
      await trx
        .selectFrom('person')
        .select([
          'id',
          'source_id',
          'status',
          'kind',
          'given_name',
          'family_name',
          'preferred_name',
          'email',
          'email_normalized',
          'username',
          'grades',
        ])
        .where('board_id', '=', boardId)
        .execute(),
    ) as Map<string, ExistingRow>;
    const persons = await syncLifecycle(
      w,
      {
        table: 'person',
        fixedColumns: ['board_id'],
        fixedValues: [boardId],
        dataColumns: ['kind', 'given_name', 'family_name', 'preferred_name', 'email', 'email_normalized', 'username', 'grades'],
      },
      existingPersons,
      set.users.map((u) => ({
        sourcedId: u.sourcedId,
        status: u.status,
        data: [u.kind, u.givenName, u.familyName, u.preferredName, u.email, u.emailNormalized, u.username, u.grades],
      })),
      counts.persons,
      now,
    );
    for (const id of persons.touched) subjects.add(id);

    // ------------------------------------------------------ enrollments
    {
      const rows = await trx
        .selectFrom('enrollment')
        .innerJoin('class_group', 'class_group.id', 'enrollment.class_group_id')
        .innerJoin('school', 'school.id', 'class_group.school_id')
        .select([
          'enrollment.id',
          'enrollment.source_id',
          'enrollment.status',
          'enrollment.class_group_id',
          'enrollment.person_id',
          'enrollment.starts_on',
          'enrollment.ends_on',
        ])
        .where('school.board_id', '=', boardId)
        .execute();
      const existing = bySource(rows);
      const changes = new LinkChanges<(typeof rows)[number]>(counts.enrollments, (r) => subjects.add(r.person_id));
      for (const e of set.enrollments) {
        const ex = existing.get(e.sourcedId);
        changes.see(ex);
        const classId = classes.ids.get(e.classSourcedId);
        const personId = persons.ids.get(e.userSourcedId);
        const active =
          e.status === 'active' && classId !== undefined && personId !== undefined && !classes.ended.has(classId) && !persons.ended.has(personId);
        if (!active) {
          changes.retire(ex);
          continue;
        }
        if (ex && ex.class_group_id === classId && ex.person_id === personId) {
          if (ex.status === 'active' && ex.starts_on === e.startsOn && ex.ends_on === e.endsOn) changes.unchanged();
          else {
            changes.update([e.startsOn, e.endsOn, 'active', null, ex.id]);
            subjects.add(personId);
          }
          continue;
        }
        changes.replace(ex);
        changes.insert([randomUUID(), classId!, personId!, e.sourcedId, e.startsOn, e.endsOn, 'active', now]);
        subjects.add(personId!);
      }
      changes.endStale(
        rows,
        (r) => (r.source_id !== null && !changes.wasSeen(r)) || persons.ended.has(r.person_id) || classes.ended.has(r.class_group_id),
      );
      await changes.write(
        w,
        'enrollment',
        { insert: ['id', 'class_group_id', 'person_id', 'source_id', 'starts_on', 'ends_on', 'status', 'created_at'], update: ['starts_on', 'ends_on', 'status', 'ended_at'] },
        now,
      );
    }

    // --------------------------------------------------- guardian links
    {
      const rows = await trx
        .selectFrom('guardian_link')
        .innerJoin('person', 'person.id', 'guardian_link.guardian_id')
        .select([
          'guardian_link.id',
          'guardian_link.guardian_id',
          'guardian_link.student_id',
          'guardian_link.relationship',
          'guardian_link.source',
          'guardian_link.status',
          'guardian_link.restricted',
          'guardian_link.restricted_reason',
          'guardian_link.restricted_at',
          'guardian_link.restricted_by',
        ])
        .where('person.board_id', '=', boardId)
        .execute();
      const existing = new Map<string, (typeof rows)[number]>();
      for (const r of rows) existing.set(`${r.guardian_id}|${r.student_id}`, r);
      const touch = (g: string, s: string) => {
        subjects.add(g);
        subjects.add(s);
      };
      const changes = new LinkChanges<(typeof rows)[number]>(counts.guardianLinks, (r) => touch(r.guardian_id, r.student_id));
      const newLinks: NewGuardianLink[] = [];
      for (const l of set.guardianLinks) {
        const g = persons.ids.get(l.guardianSourcedId);
        const s = persons.ids.get(l.studentSourcedId);
        const ex = g !== undefined && s !== undefined ? existing.get(`${g}|${s}`) : undefined;
        changes.see(ex);
        if (ex && ex.source !== 'import') {
          changes.unchanged(); // a link made by hand stays as it is
          continue;
        }
        const active = l.status === 'active' && g !== undefined && s !== undefined && !persons.ended.has(g) && !persons.ended.has(s);
        if (!active) {
          changes.retire(ex);
          continue;
        }
        if (ex) {
          if (ex.status === 'active' && ex.relationship === l.relationship) changes.unchanged();
          else {
            // Restriction columns are not written: a restricted link stays restricted.
            changes.update([l.relationship, 'active', null, ex.id]);
            touch(g!, s!);
          }
          continue;
        }
        // Inserted once the links this import ends are known: a new one may take over a restriction.
        newLinks.push({ id: randomUUID(), guardianId: g!, studentId: s!, relationship: l.relationship });
        touch(g!, s!);
      }
      changes.endStale(
        rows,
        (r) => (r.source === 'import' && !changes.wasSeen(r)) || persons.ended.has(r.guardian_id) || persons.ended.has(r.student_id),
      );
      const ended = rows.filter((r) => r.restricted === 1 && (r.status !== 'active' || changes.isEnding(r)));
      const takenOver =
        ended.length > 0 && newLinks.length > 0
          ? restrictionsTakenOver(newLinks, ended, linkedPeople(set.users, persons.ids, existingPersons), persons.ended)
          : new Map<string, RestrictedRow>();
      for (const n of newLinks) {
        const from = takenOver.get(n.id);
        changes.insert([n.id, n.guardianId, n.studentId, n.relationship, 'import', from ? 1 : 0, 'active', now, from?.restricted_reason ?? null, from?.restricted_at ?? null, from?.restricted_by ?? null]);
        if (from) carried.push({ fromLinkId: from.id, toLinkId: n.id, guardianId: n.guardianId, studentId: n.studentId });
      }
      await changes.write(
        w,
        'guardian_link',
        {
          insert: ['id', 'guardian_id', 'student_id', 'relationship', 'source', 'restricted', 'status', 'created_at', 'restricted_reason', 'restricted_at', 'restricted_by'],
          update: ['relationship', 'status', 'ended_at'],
        },
        now,
      );
    }

    // ------------------------------------------------- role assignments
    {
      const rows = await trx
        .selectFrom('role_assignment')
        .innerJoin('person', 'person.id', 'role_assignment.person_id')
        .select([
          'role_assignment.id',
          'role_assignment.person_id',
          'role_assignment.role',
          'role_assignment.scope_type',
          'role_assignment.scope_id',
          'role_assignment.source',
          'role_assignment.source_id',
          'role_assignment.status',
        ])
        .where('person.board_id', '=', boardId)
        .where((eb) => eb.or([eb('role_assignment.source', '=', 'import'), eb('role_assignment.status', '=', 'active')]))
        .execute();
      const existing = bySource(rows, (r) => (r.source !== 'import' || r.source_id === null ? null : `${r.role}|${r.source_id}`));
      const changes = new LinkChanges<(typeof rows)[number]>(counts.roleAssignments, (r) => subjects.add(r.person_id));
      for (const g of set.roleGrants) {
        const ex = existing.get(`${g.role}|${g.sourcedId}`);
        changes.see(ex);
        const personId = persons.ids.get(g.userSourcedId);
        const scope = g.scope === 'class' ? classes : schools;
        const scopeId = scope.ids.get(g.scopeSourcedId);
        const active =
          g.status === 'active' && personId !== undefined && scopeId !== undefined && !persons.ended.has(personId) && !scope.ended.has(scopeId);
        if (!active) {
          changes.retire(ex);
          continue;
        }
        if (ex && ex.person_id === personId && ex.scope_type === g.scope && ex.scope_id === scopeId) {
          if (ex.status === 'active') changes.unchanged();
          else {
            changes.update(['active', null, ex.id]);
            subjects.add(personId);
          }
          continue;
        }
        changes.replace(ex);
        changes.insert([randomUUID(), personId!, g.role, g.scope, scopeId!, 'import', g.sourcedId, 'active', now]);
        subjects.add(personId!);
      }
      changes.endStale(
        rows,
        (r) =>
          (r.source === 'import' && !changes.wasSeen(r)) ||
          persons.ended.has(r.person_id) ||
          (r.scope_type === 'class' && classes.ended.has(r.scope_id)) ||
          (r.scope_type === 'school' && schools.ended.has(r.scope_id)),
      );
      await changes.write(
        w,
        'role_assignment',
        { insert: ['id', 'person_id', 'role', 'scope_type', 'scope_id', 'source', 'source_id', 'status', 'created_at'], update: ['status', 'ended_at'] },
        now,
      );
    }

    // ------------------------------------------------- run and its trace
    const importRunId = randomUUID();
    await trx
      .insertInto('import_run')
      .values({
        id: importRunId,
        board_id: boardId,
        kind: args.format ?? 'oneroster',
        actor_id: args.actorId,
        source_label: args.sourceLabel,
        status: 'succeeded',
        counts: JSON.stringify(counts),
        errors: '[]',
        started_at: startedAt,
        finished_at: new Date().toISOString(),
      })
      .execute();
    await appendAuditEntries(trx, [
      {
        actorId: args.actorId,
        action: 'roster.import',
        outcome: 'succeeded',
        scopeType: 'board',
        scopeId: boardId,
        subjectIds: [...subjects],
        targetType: 'import_run',
        targetId: importRunId,
        ip: args.ip ?? null,
        details: carried.length > 0 ? { counts, source: args.sourceLabel, restrictionsCarried: carried.length } : { counts, source: args.sourceLabel },
      },
      ...carried.map((c) => ({
        actorId: args.actorId,
        action: 'guardian_link.restriction_carried',
        outcome: 'succeeded' as const,
        scopeType: 'board',
        scopeId: boardId,
        subjectIds: [c.guardianId, c.studentId],
        targetType: 'guardian_link',
        targetId: c.toLinkId,
        ip: args.ip ?? null,
        details: { fromLinkId: c.fromLinkId, importRunId },
      })),
    ]);
    return { importRunId, counts, restrictionsCarried: carried };
  });
}

interface NewGuardianLink { id: string; guardianId: string; studentId: string; relationship: string }
type RestrictedRow = { id: string; restricted_reason: string | null; restricted_at: string | null; restricted_by: string | null; guardian_id: string; student_id: string };

/** New link id → the restricted link, no longer active, whose restriction it takes over (between the same people). */
function restrictionsTakenOver(
  newLinks: readonly NewGuardianLink[],
  ended: readonly RestrictedRow[],
  people: (id: string) => LinkedPerson,
  endedRecords: ReadonlySet<string>,
): Map<string, RestrictedRow> {
  const restrictions: EndedRestriction<RestrictedRow>[] = ended.map((r) => ({ guardian: people(r.guardian_id), student: people(r.student_id), link: r }));
  const out = new Map<string, RestrictedRow>();
  for (const n of newLinks) {
    const from = restrictionToCarry(people(n.guardianId), people(n.studentId), restrictions, endedRecords);
    if (from) out.set(n.id, from.link);
  }
  return out;
}

/** The people an import knows, by id: as the set gives them, else as they were. */
function linkedPeople(
  users: RosterSet['users'],
  idsBySource: ReadonlyMap<string, string>,
  existing: ReadonlyMap<string, ExistingRow>,
): (id: string) => LinkedPerson {
  const byId = new Map<string, LinkedPerson>();
  for (const row of existing.values()) {
    byId.set(row.id, { id: row.id, givenName: String(row.given_name), familyName: String(row.family_name), email: (row.email_normalized as string | null) ?? null });
  }
  for (const u of users) {
    const id = idsBySource.get(u.sourcedId);
    if (id !== undefined) byId.set(id, { id, givenName: u.givenName, familyName: u.familyName, email: u.emailNormalized });
  }
  // Someone the import does not know (a person made by hand) is only ever themselves.
  return (id) => byId.get(id) ?? { id, givenName: '', familyName: '', email: null };
}

/**
 * A refused import leaves a trace and nothing else: an import_run marked failed with its errors,
 * and an audit entry without subjects (no one's information was changed).
 */
export async function recordFailedImport(
  db: Kysely<Database>,
  args: { boardId: string; actorId: string | null; sourceLabel: string; errors: readonly RosterError[]; ip?: string | null; format?: RosterFormat },
): Promise<{ importRunId: string }> {
  const importRunId = randomUUID();
  const at = new Date().toISOString();
  const codes: Record<string, number> = {};
  for (const e of args.errors) codes[e.code] = (codes[e.code] ?? 0) + 1;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('import_run')
      .values({
        id: importRunId,
        board_id: args.boardId,
        kind: args.format ?? 'oneroster',
        actor_id: args.actorId,
        source_label: args.sourceLabel,
        status: 'failed',
        counts: JSON.stringify(emptyRosterCounts()),
        errors: JSON.stringify(args.errors),
        started_at: at,
        finished_at: at,
      })
      .execute();
    await appendAuditEntries(trx, [
      {
        actorId: args.actorId,
        action: 'roster.import',
        outcome: 'failed',
        scopeType: 'board',
        scopeId: args.boardId,
        subjectIds: [],
        targetType: 'import_run',
        targetId: importRunId,
        ip: args.ip ?? null,
        details: { source: args.sourceLabel, errorCount: args.errors.length, codes },
      },
    ]);
  });
  return { importRunId };
}
