import type { GuardianRelationship, RosterGuardianLink, RosterUser } from './oneroster-types.ts';
import type { UsersRead } from './oneroster-users.ts';
import { rosterErrors, type RosterError } from './roster-error.ts';
import { rosterWarnings, type RosterWarning } from './roster-warning.ts';
import { quote, type LocalizedText } from './roster-wording.ts';

const FILE = 'users.csv';

/**
 * Guardian links, declared from the student's row, the guardian's row, or both (agentSourcedIds):
 * one link per pair, with the guardian's role as its relationship. Other agents (a teacher, a
 * sibling) make no link; an agent not in users.csv is reported.
 */
export function linkGuardians(read: UsersRead, report: (e: RosterError) => void): RosterGuardianLink[] {
  const { users, index } = read;
  const links: RosterGuardianLink[] = [];
  const pairs = new Set<number>();
  for (const a of read.agentRows) {
    for (const other of a.ids) {
      const j = index.get(other);
      if (j === undefined) {
        report(rosterErrors.unknownReference(FILE, a.line, 'agentSourcedIds', other, FILE));
        continue;
      }
      const pair = j < 0 ? null : guardianAndStudent(a.user, j, users);
      if (!pair) continue;
      const key = pair.guardian * users.length + pair.student;
      if (pairs.has(key)) continue;
      pairs.add(key);
      links.push(linkOf(users[pair.guardian]!, users[pair.student]!));
    }
  }
  return links;
}

/** Which of the two users is the guardian and which the student; null when they are not such a pair. */
function guardianAndStudent(self: number, peer: number, users: readonly RosterUser[]): { guardian: number; student: number } | null {
  const a = users[self]!.kind;
  const b = users[peer]!.kind;
  if (a === 'student' && b === 'guardian') return { guardian: peer, student: self };
  if (a === 'guardian' && b === 'student') return { guardian: self, student: peer };
  return null;
}

function linkOf(guardian: RosterUser, student: RosterUser): RosterGuardianLink {
  return {
    guardianSourcedId: guardian.sourcedId,
    studentSourcedId: student.sourcedId,
    relationship: guardian.role as GuardianRelationship,
    status: guardian.status === 'ended' || student.status === 'ended' ? 'ended' : 'active',
  };
}

function guardianNamed(u: RosterUser): LocalizedText {
  return { fr: `le parent ${quote(u.sourcedId).fr}`, en: `the guardian ${quote(u.sourcedId).en}` };
}

/**
 * A sign-in link goes to an address and signs in one guardian: two active guardians sharing an
 * address are both imported, with a warning on the second one's line (issue 16 B3).
 */
export function warnSharedGuardianEmails(read: UsersRead, warn: (w: RosterWarning) => void): void {
  const firstWith = new Map<string, number>();
  read.users.forEach((u, i) => {
    if (u.kind !== 'guardian' || u.status !== 'active' || u.emailNormalized === null) return;
    const j = firstWith.get(u.emailNormalized);
    if (j === undefined) {
      firstWith.set(u.emailNormalized, i);
      return;
    }
    const first = read.users[j]!;
    warn(rosterWarnings.sharedGuardianEmail(FILE, read.lines[i]!, u.emailNormalized, guardianNamed(u), guardianNamed(first), read.lines[j]!));
  });
}
