/**
 * Which of a student's guardian links a reader of the file sees (student.read, ORG-4):
 * - staff (`every_link`): every active link and whether it is restricted — they must know whom
 *   not to inform;
 * - the student (`informed_guardians`): the guardians who receive the school's information about
 *   them — a restricted link is left out, and nothing says that it exists or why;
 * - a guardian (`own_link`): their own link only; the other guardians are not theirs to see.
 */
export type GuardianList = 'every_link' | 'own_link' | 'informed_guardians';

export interface FileReader { personId: string; kind: 'staff' | 'student' | 'guardian' }

export function guardiansShownTo<G extends { id: string; restricted: boolean }>(
  reader: FileReader,
  studentId: string,
  guardians: readonly G[],
): { list: GuardianList; guardians: G[] } {
  if (reader.kind === 'staff') return { list: 'every_link', guardians: [...guardians] };
  if (reader.personId === studentId) return { list: 'informed_guardians', guardians: guardians.filter((g) => !g.restricted) };
  return { list: 'own_link', guardians: guardians.filter((g) => g.id === reader.personId && !g.restricted) };
}
