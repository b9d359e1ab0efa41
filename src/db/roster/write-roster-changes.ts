import { randomUUID } from 'node:crypto';
import type { Cell, LifecycleChanges } from '../../domain/roster/lifecycle-changes.ts';
import type { EnrollmentChanges, RoleAssignmentChanges } from '../../domain/roster/link-changes.ts';
import type { GuardianLinkChanges } from '../../domain/roster/guardian-link-changes.ts';
import { RECORD_FIELDS, type LifecycleTable } from './roster-records.ts';
import type { RosterWriter } from './roster-writer.ts';

/**
 * Writes what a roster import decided (ORG-2), in its transaction: creates, updates, then ends.
 * Restriction columns of a guardian link are only written when a new link takes over a
 * restriction (ORG-4); that restriction's history then starts with a 'carried' entry.
 */
export async function writeLifecycleChanges(
  w: RosterWriter,
  table: LifecycleTable,
  boardId: string | null,
  changes: LifecycleChanges,
  now: string,
): Promise<void> {
  const fields = RECORD_FIELDS[table];
  const fixed = boardId === null ? [] : ['board_id'];
  const creates = changes.creates.map((c) => {
    const row: Cell[] = [c.id];
    if (boardId !== null) row.push(boardId);
    row.push(c.sourceId);
    for (const f of fields) row.push(c.fields[f] ?? null);
    row.push('active', now, now);
    return row;
  });
  await w.insert(table, ['id', ...fixed, 'source_id', ...fields, 'status', 'created_at', 'updated_at'], creates);
  const updates = changes.updates.map((u) => [...fields.map((f) => u.fields[f] ?? null), 'active', null, now, u.id]);
  await w.update(table, [...fields, 'status', 'ended_at', 'updated_at'], updates);
  await w.end(table, changes.ends, now);
}

export async function writeEnrollmentChanges(w: RosterWriter, changes: EnrollmentChanges, now: string): Promise<void> {
  await w.insert(
    'enrollment',
    ['id', 'class_group_id', 'person_id', 'source_id', 'starts_on', 'ends_on', 'status', 'created_at'],
    changes.creates.map((c) => [c.id, c.classGroupId, c.personId, c.sourceId, c.startsOn, c.endsOn, 'active', now]),
  );
  await w.update('enrollment', ['starts_on', 'ends_on', 'status', 'ended_at'], changes.updates.map((u) => [u.startsOn, u.endsOn, 'active', null, u.id]));
  await w.end('enrollment', changes.ends, now);
}

export async function writeGuardianLinkChanges(w: RosterWriter, changes: GuardianLinkChanges, now: string): Promise<void> {
  await w.insert(
    'guardian_link',
    ['id', 'guardian_id', 'student_id', 'relationship', 'source', 'restricted', 'status', 'created_at', 'restricted_reason', 'restricted_at', 'restricted_by'],
    changes.creates.map((c) => {
      const r = c.restriction;
      return [c.id, c.guardianId, c.studentId, c.relationship, 'import', r ? 1 : 0, 'active', now, r?.reason ?? null, r?.at ?? null, r?.by ?? null];
    }),
  );
  // A new link's history starts with the restriction it took over (ORG-4); Balise did it: no actor.
  const carried = changes.creates.filter((c) => c.restriction !== null);
  await w.insert(
    'guardian_link_restriction_event',
    ['id', 'link_id', 'n', 'event', 'reason', 'actor_id', 'at'],
    carried.map((c) => [randomUUID(), c.id, 1, 'carried', c.restriction!.reason ?? '', null, now]),
  );
  // Restriction columns are not written: a restricted link stays restricted.
  await w.update('guardian_link', ['relationship', 'status', 'ended_at'], changes.updates.map((u) => [u.relationship, 'active', null, u.id]));
  await w.end('guardian_link', changes.ends, now);
}

export async function writeRoleAssignmentChanges(w: RosterWriter, changes: RoleAssignmentChanges, now: string): Promise<void> {
  await w.insert(
    'role_assignment',
    ['id', 'person_id', 'role', 'scope_type', 'scope_id', 'source', 'source_id', 'status', 'created_at'],
    changes.creates.map((c) => [c.id, c.personId, c.role, c.scopeType, c.scopeId, 'import', c.sourceId, 'active', now]),
  );
  await w.update('role_assignment', ['status', 'ended_at'], changes.updates.map((u) => ['active', null, u.id]));
  await w.end('role_assignment', changes.ends, now);
}
