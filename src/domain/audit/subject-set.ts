import { createHash } from 'node:crypto';

/**
 * The name of a set of people whose information one audit entry touched: a hash of the sorted,
 * distinct person ids. Reading the same class list a thousand times names the same set a
 * thousand times, so the per-person index of the audit log ("who looked at this child's file")
 * stores each set's members once and each entry as one link to its set.
 */
export function subjectSetId(personIds: Iterable<string>): string {
  const sorted = [...new Set(personIds)].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('base64url');
}
