import type { RosterEntityCounts, RosterStatus } from './oneroster-types.ts';

/**
 * What an import does to one kind of lifecycle record — school, school year, class group,
 * person (ORG-2). The set is authoritative for the records that carry a source id: what changed
 * is updated, what is new is created, what disappeared or is marked ended is ended. Nothing is
 * deleted, and a record the set says is gone is never created.
 */
export type Cell = string | number | null;
export type Fields = Record<string, Cell>;

/** A record as stored: its id, source id, status, and its data fields by column name. */
export interface ExistingRecord {
  id: string;
  sourceId: string;
  status: RosterStatus;
  readonly [field: string]: Cell;
}

/** A record as the set describes it; `fields` are compared with the stored record's. */
export interface WantedRecord {
  sourcedId: string;
  status: RosterStatus;
  fields: Fields;
}

export interface LifecycleChanges {
  /** source id → id of every record the set may refer to (created, kept, or ended by this import). */
  ids: Map<string, string>;
  creates: { id: string; sourceId: string; fields: Fields }[];
  updates: { id: string; fields: Fields }[];
  /** Records active today that this import ends. */
  ends: string[];
  /** Every managed record whose status is ended once the import is done (now or before). */
  ended: Set<string>;
  /** Records created, changed or ended by this import. */
  touched: string[];
  counts: RosterEntityCounts;
}

function emptyChanges(): LifecycleChanges {
  return { ids: new Map(), creates: [], updates: [], ends: [], ended: new Set(), touched: [], counts: { created: 0, updated: 0, ended: 0, unchanged: 0 } };
}

function sameFields(existing: ExistingRecord, wanted: Fields): boolean {
  for (const k in wanted) if (existing[k] !== wanted[k]) return false;
  return true;
}

function end(c: LifecycleChanges, ex: ExistingRecord): void {
  c.ended.add(ex.id);
  if (ex.status !== 'active') return;
  c.ends.push(ex.id);
  c.touched.push(ex.id);
  c.counts.ended++;
}

/** One record the set describes, against what is stored under its source id. */
function decide(c: LifecycleChanges, w: WantedRecord, ex: ExistingRecord | undefined, newId: () => string): void {
  if (!ex) {
    if (w.status === 'ended') return;
    const id = newId();
    c.ids.set(w.sourcedId, id);
    c.creates.push({ id, sourceId: w.sourcedId, fields: w.fields });
    c.touched.push(id);
    c.counts.created++;
    return;
  }
  c.ids.set(w.sourcedId, ex.id);
  if (w.status === 'ended') {
    if (ex.status !== 'active') c.counts.unchanged++;
    end(c, ex);
    return;
  }
  if (ex.status === 'active' && sameFields(ex, w.fields)) {
    c.counts.unchanged++;
    return;
  }
  c.updates.push({ id: ex.id, fields: w.fields });
  c.touched.push(ex.id);
  c.counts.updated++;
}

/** The changes that bring the stored records (by source id) to what the set wants. */
export function lifecycleChanges(existing: ReadonlyMap<string, ExistingRecord>, wanted: Iterable<WantedRecord>, newId: () => string): LifecycleChanges {
  const c = emptyChanges();
  const seen = new Set<string>();
  for (const w of wanted) {
    seen.add(w.sourcedId);
    decide(c, w, existing.get(w.sourcedId), newId);
  }
  for (const ex of existing.values()) if (!seen.has(ex.sourceId)) end(c, ex);
  return c;
}

/** Records by source id; of several sharing one (history), the active one is the one the set speaks of. */
export function bySourceId<T extends { status: string }>(rows: readonly T[], key: (r: T) => string | null): Map<string, T> {
  const m = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const prev = m.get(k);
    if (!prev || (prev.status !== 'active' && r.status === 'active')) m.set(k, r);
  }
  return m;
}
