import { describe, expect, it } from 'vitest';
import {
  findStudentEmails, mailboxKey, maskStudentEmails, studentMailboxes,
} from '../../../src/domain/netiquette/student-emails.ts';

const mailboxes = studentMailboxes([
  { studentId: 'lea', email: 'Lea.Tremblay@eleve.cssbleuets.ca' },
  { studentId: 'noah', email: 'noah.gagnon@eleve.cssbleuets.ca' },
]);
const found = (text: string) => findStudentEmails(text, mailboxes).map((m) => [m.studentId, text.slice(m.start, m.end)]);

describe('COMM-6 003 §8.3.4 an e-mail address that identifies a student', () => {
  it('COMM-6 finds a student’s address whatever its case, and where it is in the text', () => {
    expect(found('Écrivez à LEA.TREMBLAY@eleve.cssbleuets.ca.')).toEqual([['lea', 'LEA.TREMBLAY@eleve.cssbleuets.ca']]);
    expect(found('(noah.gagnon@eleve.cssbleuets.ca) et lea.tremblay@eleve.cssbleuets.ca')).toEqual([
      ['noah', 'noah.gagnon@eleve.cssbleuets.ca'], ['lea', 'lea.tremblay@eleve.cssbleuets.ca'],
    ]);
  });

  it('COMM-6 finds it written with a +tag or disguised as « [at] » and « (point) »', () => {
    expect(found('lea.tremblay+devoirs@eleve.cssbleuets.ca')).toEqual([['lea', 'lea.tremblay+devoirs@eleve.cssbleuets.ca']]);
    expect(found('noah.gagnon [at] eleve [point] cssbleuets (dot) ca')).toEqual([['noah', 'noah.gagnon [at] eleve [point] cssbleuets (dot) ca']]);
    expect(found("l'adresse d'lea.tremblay@eleve.cssbleuets.ca")).toEqual([['lea', 'lea.tremblay@eleve.cssbleuets.ca']]);
  });

  it('COMM-6 leaves staff addresses, other students’ look-alikes and partial matches alone', () => {
    expect(found('mme.roy@cssbleuets.ca, lea.tremblay@eleve.cssbleuets.ca.com, xlea.tremblay@eleve.cssbleuets.ca')).toEqual([]);
    expect(found('lea.tremblay sans domaine')).toEqual([]);
  });

  it('COMM-6 masks the addresses of students without consent, and only those', () => {
    const text = 'Contact: lea.tremblay@eleve.cssbleuets.ca ou noah.gagnon@eleve.cssbleuets.ca.';
    const mentions = findStudentEmails(text, mailboxes);
    expect(maskStudentEmails(text, mentions)).toBe('Contact: [adresse masquée] ou [adresse masquée].');
    const withoutConsent = mentions.filter((m) => m.studentId !== 'noah');
    expect(maskStudentEmails(text, withoutConsent, '***')).toBe('Contact: *** ou noah.gagnon@eleve.cssbleuets.ca.');
  });

  it('COMM-6 one mailbox has one key', () => {
    expect(mailboxKey(' Lea.Tremblay+X@Eleve.CSSBleuets.ca ')).toBe('lea.tremblay@eleve.cssbleuets.ca');
  });
});
