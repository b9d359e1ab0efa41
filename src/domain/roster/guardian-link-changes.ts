import type { GuardianRelationship, RosterEntityCounts, RosterSet, RosterStatus } from './oneroster-types.ts';
import type { ExistingRecord, LifecycleChanges } from './lifecycle-changes.ts';
import { LinkChanges } from './link-changes.ts';
import { restrictionToCarry, type EndedRestriction, type LinkedPerson } from './carry-restrictions.ts';

/**
 * What an import does to guardian links (ORG-2, ORG-4). A link made by hand stays as it is. An
 * import never writes a link's restriction, except that a new link takes over the restriction
 * of a link no longer active between the same guardian and the same child under other records
 * (carry-restrictions.ts).
 */
export interface StoredGuardianLink {
  id: string;
  guardianId: string;
  studentId: string;
  relationship: string;
  source: string;
  status: RosterStatus;
  restricted: number;
  restrictedReason: string | null;
  restrictedAt: string | null;
  restrictedBy: string | null;
}

export interface Restriction { reason: string | null; at: string | null; by: string | null }
export interface NewGuardianLink { id: string; guardianId: string; studentId: string; relationship: GuardianRelationship; restriction: Restriction | null }
export interface CarriedRestriction { fromLinkId: string; toLinkId: string; guardianId: string; studentId: string }

export class GuardianLinkChanges extends LinkChanges<StoredGuardianLink, NewGuardianLink, { id: string; relationship: GuardianRelationship }> {
  /** Restrictions taken over by new links: each one is audited. */
  readonly carried: CarriedRestriction[] = [];
}

type Pending = Omit<NewGuardianLink, 'restriction'>;

/** The guardian links the set describes, against the stored ones (by guardian and student). */
export function guardianLinkChanges(
  stored: readonly StoredGuardianLink[],
  wanted: RosterSet['guardianLinks'],
  persons: LifecycleChanges,
  knownPeople: () => (id: string) => LinkedPerson,
  subjects: Set<string>,
  newId: () => string,
): GuardianLinkChanges {
  const existing = new Map<string, StoredGuardianLink>();
  for (const r of stored) existing.set(`${r.guardianId}|${r.studentId}`, r);
  const touch = (g: string, s: string) => (subjects.add(g), subjects.add(s));
  const counts: RosterEntityCounts = { created: 0, updated: 0, ended: 0, unchanged: 0 };
  const changes = new GuardianLinkChanges(counts, (r) => touch(r.guardianId, r.studentId));
  // Created once the links this import ends are known: a new one may take over a restriction.
  const pending: Pending[] = [];
  for (const l of wanted) {
    const g = persons.ids.get(l.guardianSourcedId);
    const s = persons.ids.get(l.studentSourcedId);
    const ex = g !== undefined && s !== undefined ? existing.get(`${g}|${s}`) : undefined;
    changes.see(ex);
    if (ex && ex.source !== 'import') {
      changes.unchanged();
      continue;
    }
    if (l.status !== 'active' || g === undefined || s === undefined || persons.ended.has(g) || persons.ended.has(s)) {
      changes.retire(ex);
      continue;
    }
    if (!ex) pending.push({ id: newId(), guardianId: g, studentId: s, relationship: l.relationship });
    else if (ex.status === 'active' && ex.relationship === l.relationship) {
      changes.unchanged();
      continue;
    } else changes.update({ id: ex.id, relationship: l.relationship });
    touch(g, s);
  }
  changes.endStale(stored, (r) => (r.source === 'import' && !changes.wasSeen(r)) || persons.ended.has(r.guardianId) || persons.ended.has(r.studentId));
  createCarryingRestrictions(changes, pending, stored, knownPeople, persons.ended);
  return changes;
}

function createCarryingRestrictions(
  changes: GuardianLinkChanges,
  pending: readonly Pending[],
  stored: readonly StoredGuardianLink[],
  knownPeople: () => (id: string) => LinkedPerson,
  endedRecords: ReadonlySet<string>,
): void {
  const restricted = pending.length > 0 ? stored.filter((r) => r.restricted === 1 && (r.status !== 'active' || changes.ends.has(r.id))) : [];
  // Knowing everyone by id costs a map of the whole board: only built when a restriction may carry.
  const people = restricted.length > 0 ? knownPeople() : null;
  const ended: EndedRestriction<StoredGuardianLink>[] = people ? restricted.map((r) => ({ guardian: people(r.guardianId), student: people(r.studentId), link: r })) : [];
  for (const n of pending) {
    const from = people ? restrictionToCarry(people(n.guardianId), people(n.studentId), ended, endedRecords)?.link : undefined;
    changes.create({ ...n, restriction: from ? { reason: from.restrictedReason, at: from.restrictedAt, by: from.restrictedBy } : null });
    if (from) changes.carried.push({ fromLinkId: from.id, toLinkId: n.id, guardianId: n.guardianId, studentId: n.studentId });
  }
}

/** The people an import knows, by id: as the set gives them, else as they were stored. */
export function linkedPeople(
  users: RosterSet['users'],
  idsBySource: ReadonlyMap<string, string>,
  stored: Iterable<ExistingRecord>,
): (id: string) => LinkedPerson {
  const byId = new Map<string, LinkedPerson>();
  for (const row of stored) {
    byId.set(row.id, { id: row.id, givenName: String(row.given_name), familyName: String(row.family_name), email: (row.email_normalized as string | null) ?? null });
  }
  for (const u of users) {
    const id = idsBySource.get(u.sourcedId);
    if (id !== undefined) byId.set(id, { id, givenName: u.givenName, familyName: u.familyName, email: u.emailNormalized });
  }
  // Someone the import does not know (a person made by hand) is only ever themselves.
  return (id) => byId.get(id) ?? { id, givenName: '', familyName: '', email: null };
}
