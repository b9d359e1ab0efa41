import { hash } from 'node:crypto';

/**
 * The name of a set of people whose information one audit entry touched: a hash of the sorted,
 * distinct person ids. Reading the same class list a thousand times names the same set a
 * thousand times, so the set's members are stored once (`audit_subject_set`, found by person
 * for "who looked at this child's file") and each entry names its set.
 *
 * Because the name is the hash of the members, an entry that names a set commits, through the
 * hash chain, to exactly those people: changing a set's members no longer matches its name.
 */
export function subjectSetId(personIds: Iterable<string>): string {
  return subjectSet(personIds).id;
}

/** A set's name and its members, distinct and sorted (the order its rows are best stored in). */
export function subjectSet(personIds: Iterable<string>): { id: string; members: readonly string[] } {
  const members = [...new Set(personIds)].sort();
  return { id: hash('sha256', members.join('\n'), 'base64url'), members };
}

const SET_PREFIX = 'set:';

/** What an entry's `subject_ids` column holds for a set of people (empty: `[]`). */
export function subjectsColumn(setId: string | null): string {
  return setId === null ? '[]' : `${SET_PREFIX}${setId}`;
}

/**
 * Reads an entry's `subject_ids`: `[]` (no one), `set:<id>` (entries written since sets exist),
 * or a JSON list of person ids (entries written before).
 */
export function readSubjectsColumn(value: string): { setId: string | null; listed: string[] | null } {
  if (value.startsWith(SET_PREFIX)) return { setId: value.slice(SET_PREFIX.length), listed: null };
  const listed = JSON.parse(value) as string[];
  return { setId: listed.length === 0 ? null : subjectSetId(listed), listed };
}
