/**
 * COMM-6 / 003 §8.3.4: an e-mail address that identifies or traces a student is given only with
 * consent (the student's once of age, the parents' before). This finds students' addresses in a
 * message, also written as « prenom.nom [at] ecole [point] ca », so that the caller masks those
 * of students without that consent. Addresses of staff or of no known student are left alone.
 */
export interface StudentAddress {
  studentId: string;
  email: string;
}

export interface StudentEmailMention {
  studentId: string;
  /** Position in the text, end exclusive. */
  start: number;
  end: number;
}

const LOCAL = String.raw`[\p{L}\p{N}._%+-]+`;
const AT = String.raw`(?:@|\s*[[(]\s*(?:at|arobase)\s*[\])]\s*)`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`;
const DOT = String.raw`(?:\.|\s*[[(]\s*(?:dot|point)\s*[\])]\s*)`;
const ADDRESS = new RegExp(`(?<![\\p{L}\\p{N}._%+-])${LOCAL}${AT}${LABEL}(?:${DOT}${LABEL})+`, 'giu');

/**
 * The form two writings of one mailbox share: lower case, disguised @ and dots undone, and a
 * "+tag" dropped, since eloise+devoirs@… reaches the same student as eloise@….
 */
export function mailboxKey(address: string): string {
  const plain = address
    .normalize('NFKC')
    .toLowerCase()
    .replace(new RegExp(AT, 'giu'), '@')
    .replace(new RegExp(DOT, 'giu'), '.')
    .trim();
  const at = plain.lastIndexOf('@');
  if (at < 0) return plain;
  const local = plain.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${plain.slice(at)}`;
}

/** Built once per class (or school): mailbox key → student. */
export function studentMailboxes(students: readonly StudentAddress[]): ReadonlyMap<string, string> {
  return new Map(students.map((s) => [mailboxKey(s.email), s.studentId]));
}

export function findStudentEmails(text: string, mailboxes: ReadonlyMap<string, string>): StudentEmailMention[] {
  const mentions: StudentEmailMention[] = [];
  for (const m of text.matchAll(ADDRESS)) {
    const studentId = mailboxes.get(mailboxKey(m[0]));
    if (studentId !== undefined) mentions.push({ studentId, start: m.index, end: m.index + m[0].length });
  }
  return mentions;
}

/** The text with each mention replaced by `mask`; mentions of consented students are left out by the caller. */
export function maskStudentEmails(text: string, mentions: readonly StudentEmailMention[], mask = '[adresse masquée]'): string {
  let out = '';
  let from = 0;
  for (const m of [...mentions].sort((a, b) => a.start - b.start)) {
    if (m.start < from) continue;
    out += text.slice(from, m.start) + mask;
    from = m.end;
  }
  return out + text.slice(from);
}
