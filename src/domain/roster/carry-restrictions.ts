import { fullNameKey } from '../people/person-name.ts';

/**
 * ORG-4: a restriction is the school's decision about a guardian and a child, not about a roster
 * row. An import can replace a person's record without the person changing: a new e-mail address
 * in the plain CSV (its guardians have no other identifier), a new identifier from the student
 * information system, a board moving from the plain CSV to OneRoster. The old link then ends and a
 * new one appears; without these rules the restricted guardian would see the child again after
 * the next import. When in doubt the new link is restricted: a restriction too many is lifted by
 * the school on the student's page, a missing one discloses a child's information.
 */

const NO_NAME = fullNameKey('', '');

/** What an import knows of a person on either side of a link. */
export interface LinkedPerson {
  id: string;
  givenName: string;
  familyName: string;
  /** Normalized e-mail address, if any. */
  email: string | null;
}

/** A restricted guardian link that is not active once this import is done (it ends now, or ended before). */
export interface EndedRestriction<L = unknown> {
  guardian: LinkedPerson;
  student: LinkedPerson;
  link: L;
}

/**
 * Whether `after` is the person `before` was: the same record, or — only when `before`'s record has
 * ended (`endedRecords`: in this import or an earlier one) — another record with the same e-mail
 * address or the same full name. A record that stays active is a different person from any other,
 * whatever their names. Ended earlier counts too: a court order does not lapse because a guardian
 * was missing from one file and came back under a new address.
 */
export function isSamePersonAfterImport(after: LinkedPerson, before: LinkedPerson, endedRecords: ReadonlySet<string>): boolean {
  if (after.id === before.id) return true;
  if (!endedRecords.has(before.id)) return false;
  if (after.email !== null && after.email === before.email) return true;
  const name = fullNameKey(after.givenName, after.familyName);
  return name !== NO_NAME && name === fullNameKey(before.givenName, before.familyName);
}

/** The restriction a new link takes over: one no longer active between the same guardian and the same child. */
export function restrictionToCarry<L>(
  guardian: LinkedPerson,
  student: LinkedPerson,
  ended: readonly EndedRestriction<L>[],
  endedRecords: ReadonlySet<string>,
): EndedRestriction<L> | null {
  for (const r of ended) {
    if (isSamePersonAfterImport(student, r.student, endedRecords) && isSamePersonAfterImport(guardian, r.guardian, endedRecords)) return r;
  }
  return null;
}
