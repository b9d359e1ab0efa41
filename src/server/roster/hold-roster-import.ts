import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { countActivePeople } from '../../db/org/board.ts';
import { findPeopleNames } from '../../db/roster/roster-records.ts';
import { HOLD_EXAMPLES, kindsOverShare, rosterHold, type EndingExample, type HeldKind, type RosterEnding, type RosterHold } from '../../domain/roster/import-hold.ts';
import type { RosterChanges } from './plan-roster-changes.ts';

/** What an import would end, against what the board holds, and the hold it calls for (null: none). */
export interface EndingCheck {
  ending: RosterEnding;
  hold: RosterHold | null;
}

const fullName = (given: unknown, family: unknown) => `${String(given ?? '')} ${String(family ?? '')}`.trim();

/**
 * Issue 16 B2 (ORG-2): counts the students, staff and guardian links the import would end, out
 * of those active on the board, and, when that is more than the set share, the hold with a few
 * examples of each, named, so the privacy officer recognises what a wrong file would do.
 */
export async function checkRosterEnding(trx: Transaction<Database>, boardId: string, changes: RosterChanges): Promise<EndingCheck> {
  const active = await countActivePeople(trx, boardId);
  const ends = new Set(changes.persons.ends);
  const people: Record<'students' | 'staff', EndingExample[]> = { students: [], staff: [] };
  const count = { students: 0, staff: 0 };
  for (const p of changes.storedPersons.values()) {
    if (!ends.has(p.id) || (p.kind !== 'student' && p.kind !== 'staff')) continue;
    const kind = p.kind === 'student' ? 'students' : 'staff';
    count[kind]++;
    if (people[kind].length < HOLD_EXAMPLES) people[kind].push({ id: p.id, sourceId: p.sourceId, name: fullName(p.given_name, p.family_name), personIds: [p.id] });
  }
  const ending: RosterEnding = {
    students: { ending: count.students, active: active.student },
    staff: { ending: count.staff, active: active.staff },
    // The import has read every link of the board already: the active ones are counted there.
    guardianLinks: { ending: changes.guardianLinks.ends.size, active: changes.storedLinks.filter((l) => l.status === 'active').length },
  };
  if (kindsOverShare(ending).length === 0) return { ending, hold: null };
  const examples: Record<HeldKind, EndingExample[]> = { ...people, guardianLinks: await linkExamples(trx, changes) };
  return { ending, hold: rosterHold(ending, examples) };
}

/** A few guardian links the import would end: the guardian's name and the student's. */
async function linkExamples(trx: Transaction<Database>, changes: RosterChanges): Promise<EndingExample[]> {
  const links = changes.storedLinks.filter((l) => changes.guardianLinks.ends.has(l.id)).slice(0, HOLD_EXAMPLES);
  const names = new Map((await findPeopleNames(trx, links.flatMap((l) => [l.guardianId, l.studentId]))).map((p) => [p.id, fullName(p.givenName, p.familyName)]));
  return links.map((l) => ({
    id: l.id,
    sourceId: null,
    name: names.get(l.guardianId) ?? '',
    student: names.get(l.studentId) ?? '',
    personIds: [l.guardianId, l.studentId],
  }));
}
