import type { RosterEntityCounts, RosterSet, RosterStatus } from './oneroster-types.ts';
import { bySourceId, type LifecycleChanges } from './lifecycle-changes.ts';

/**
 * What an import does to one kind of link — enrollments, guardian links, role assignments
 * (ORG-2): links to create, update and end, counted as they are decided, naming whose
 * information each one concerned (`subjects`, for the audit entry). Links made by hand or by the
 * demo (no source id) are kept by re-imports, and ended with the person or class they hang on.
 */
export class LinkChanges<Stored extends { id: string; status: RosterStatus }, Create, Update> {
  readonly creates: Create[] = [];
  readonly updates: Update[] = [];
  readonly ends = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(
    readonly counts: RosterEntityCounts,
    private readonly concerned: (r: Stored) => void,
  ) {}

  /** The set speaks of this link (so it is not stale). */
  see(ex: Stored | undefined): void {
    if (ex) this.seen.add(ex.id);
  }

  wasSeen(r: Stored): boolean {
    return this.seen.has(r.id);
  }

  /** The set does not want the link active: it ends if it was active. */
  retire(ex: Stored | undefined): void {
    if (ex?.status === 'active') this.end(ex);
    else if (ex) this.counts.unchanged++;
  }

  /** The link gives way to a new one (same source id, another class or person): it ends if active. */
  replace(ex: Stored | undefined): void {
    if (ex?.status === 'active') this.end(ex);
  }

  unchanged(): void {
    this.counts.unchanged++;
  }

  update(u: Update): void {
    this.updates.push(u);
    this.counts.updated++;
  }

  create(c: Create): void {
    this.creates.push(c);
    this.counts.created++;
  }

  /** Ends the active links that are stale: gone from a set that manages them, or hanging on something this import ended. */
  endStale(rows: readonly Stored[], stale: (r: Stored) => boolean): void {
    for (const r of rows) if (r.status === 'active' && !this.ends.has(r.id) && stale(r)) this.end(r);
  }

  private end(r: Stored): void {
    this.ends.add(r.id);
    this.concerned(r);
    this.counts.ended++;
  }
}

const zero = (): RosterEntityCounts => ({ created: 0, updated: 0, ended: 0, unchanged: 0 });

export interface StoredEnrollment {
  id: string;
  sourceId: string | null;
  status: RosterStatus;
  classGroupId: string;
  personId: string;
  startsOn: string | null;
  endsOn: string | null;
}
export interface NewEnrollment { id: string; classGroupId: string; personId: string; sourceId: string; startsOn: string | null; endsOn: string | null }
export interface EnrollmentUpdate { id: string; startsOn: string | null; endsOn: string | null }
export type EnrollmentChanges = LinkChanges<StoredEnrollment, NewEnrollment, EnrollmentUpdate>;

/** Students in class groups: by enrollment source id; a moved enrollment ends and a new one begins. */
export function enrollmentChanges(
  stored: readonly StoredEnrollment[],
  wanted: RosterSet['enrollments'],
  refs: { classes: LifecycleChanges; persons: LifecycleChanges },
  subjects: Set<string>,
  newId: () => string,
): EnrollmentChanges {
  const { classes, persons } = refs;
  const existing = bySourceId(stored, (r) => r.sourceId);
  const changes: EnrollmentChanges = new LinkChanges(zero(), (r) => subjects.add(r.personId));
  for (const e of wanted) {
    const ex = existing.get(e.sourcedId);
    changes.see(ex);
    const classId = classes.ids.get(e.classSourcedId);
    const personId = persons.ids.get(e.userSourcedId);
    if (e.status !== 'active' || classId === undefined || personId === undefined || classes.ended.has(classId) || persons.ended.has(personId)) {
      changes.retire(ex);
      continue;
    }
    if (ex && ex.classGroupId === classId && ex.personId === personId) {
      if (ex.status === 'active' && ex.startsOn === e.startsOn && ex.endsOn === e.endsOn) changes.unchanged();
      else {
        changes.update({ id: ex.id, startsOn: e.startsOn, endsOn: e.endsOn });
        subjects.add(personId);
      }
      continue;
    }
    changes.replace(ex);
    changes.create({ id: newId(), classGroupId: classId, personId, sourceId: e.sourcedId, startsOn: e.startsOn, endsOn: e.endsOn });
    subjects.add(personId);
  }
  changes.endStale(stored, (r) => (r.sourceId !== null && !changes.wasSeen(r)) || persons.ended.has(r.personId) || classes.ended.has(r.classGroupId));
  return changes;
}

export interface StoredRoleAssignment {
  id: string;
  personId: string;
  role: string;
  scopeType: string;
  scopeId: string;
  source: string;
  sourceId: string | null;
  status: RosterStatus;
}
export interface NewRoleAssignment { id: string; personId: string; role: 'teacher' | 'principal'; scopeType: 'class' | 'school'; scopeId: string; sourceId: string }
export type RoleAssignmentChanges = LinkChanges<StoredRoleAssignment, NewRoleAssignment, { id: string }>;

/** Teachers of class groups and principals of schools the roster grants; roles given by hand are left alone. */
export function roleAssignmentChanges(
  stored: readonly StoredRoleAssignment[],
  wanted: RosterSet['roleGrants'],
  refs: { schools: LifecycleChanges; classes: LifecycleChanges; persons: LifecycleChanges },
  subjects: Set<string>,
  newId: () => string,
): RoleAssignmentChanges {
  const { schools, classes, persons } = refs;
  const existing = bySourceId(stored, (r) => (r.source !== 'import' || r.sourceId === null ? null : `${r.role}|${r.sourceId}`));
  const changes: RoleAssignmentChanges = new LinkChanges(zero(), (r) => subjects.add(r.personId));
  for (const g of wanted) {
    const ex = existing.get(`${g.role}|${g.sourcedId}`);
    changes.see(ex);
    const personId = persons.ids.get(g.userSourcedId);
    const scope = g.scope === 'class' ? classes : schools;
    const scopeId = scope.ids.get(g.scopeSourcedId);
    if (g.status !== 'active' || personId === undefined || scopeId === undefined || persons.ended.has(personId) || scope.ended.has(scopeId)) {
      changes.retire(ex);
      continue;
    }
    if (ex && ex.personId === personId && ex.scopeType === g.scope && ex.scopeId === scopeId) {
      if (ex.status === 'active') changes.unchanged();
      else {
        changes.update({ id: ex.id });
        subjects.add(personId);
      }
      continue;
    }
    changes.replace(ex);
    changes.create({ id: newId(), personId, role: g.role, scopeType: g.scope, scopeId, sourceId: g.sourcedId });
    subjects.add(personId);
  }
  changes.endStale(stored, (r) => {
    if (r.source === 'import' && !changes.wasSeen(r)) return true;
    if (persons.ended.has(r.personId)) return true;
    return (r.scopeType === 'class' && classes.ended.has(r.scopeId)) || (r.scopeType === 'school' && schools.ended.has(r.scopeId));
  });
  return changes;
}
