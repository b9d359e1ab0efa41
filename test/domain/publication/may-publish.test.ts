import { describe, expect, it } from 'vitest';
import type { ConsentStatus } from '../../../src/domain/consent/consent-form.ts';
import { consentStatuses } from '../../../src/domain/consent/consent-in-force.ts';
import { legalProfile } from '../../../src/domain/legal/profiles.ts';
import {
  decidePublication, type PostKind, postKinds, type PublicationDecision, type Section, sections, type TaggedStudent,
} from '../../../src/domain/publication/may-publish.ts';

const states: ConsentStatus[] = ['in_force', 'refused', 'withdrawn', 'unanswered'];
const other = (s: ConsentStatus): ConsentStatus => (s === 'in_force' ? 'refused' : 'in_force');

const student = (firstName: string, a: ConsentStatus, b: ConsentStatus = 'in_force'): TaggedStudent => ({
  studentId: firstName.toLowerCase(), firstName, consent: { share_with_class: a, family_channel: b },
});

// The table, as the directive writes it.
/** 002 §5.5.2: the kinds a Classe post concerning students may be. */
const kindsAboutStudentsInClass: PostKind[] = ['academic_achievement', 'sporting_achievement', 'artistic_achievement', 'activity_photo'];
/** What a student is refused for, by the state of the consent the section needs. */
const reasonFor: Record<ConsentStatus, string | null> = {
  in_force: null, unanswered: 'no_consent', refused: 'consent_refused', withdrawn: 'consent_withdrawn',
};

type Expected = { allowed: true } | { allowed: false; postReason: string | null; reasons: string[] };
const refused = (postReason: string | null, ...reasons: string[]): Expected => ({ allowed: false, postReason, reasons });
const allowed: Expected = { allowed: true };

/**
 * One tagged student (Léa) whose consent needed by the section is `state`, and whose other
 * consent is the opposite, so that reading the wrong choice would change the answer.
 */
function expectedWithOneTag(section: Section, kind: PostKind, state: ConsentStatus): Expected {
  if (section === 'general') return refused(kind === 'information' ? null : 'kind_not_allowed_in_general', 'not_in_general');
  if (section === 'class' && !kindsAboutStudentsInClass.includes(kind)) return refused('kind_not_allowed_in_class', 'kind_not_allowed');
  const reason = reasonFor[state];
  return reason === null ? allowed : refused(null, reason);
}

function expectedUntagged(section: Section, kind: PostKind): Expected {
  if (section === 'general') return kind === 'information' ? allowed : refused('kind_not_allowed_in_general');
  return allowed; // Classe news that concerns no student; Famille is checked on the channel's student.
}

const shape = (d: PublicationDecision): Expected =>
  d.allowed ? allowed : { allowed: false, postReason: d.postReason, reasons: d.students.map((s) => s.reason) };

function draftFor(section: Section, kind: PostKind, state: ConsentStatus, tagged: boolean) {
  const lea = section === 'family' ? student('Léa', other(state), state) : student('Léa', state, other(state));
  return {
    section, kind,
    tagged: tagged ? [lea] : [],
    channelStudent: section === 'family' ? lea : undefined,
  };
}

describe('COMM-2 the publication table: every section × kind × consent state', () => {
  const rows = sections.flatMap((section) => postKinds.flatMap((kind) => states.map((state) => [section, kind, state] as const)));
  it('COMM-2 the table covers 3 sections × 6 kinds × 4 consent states', () => expect(rows).toHaveLength(72));

  it.each(rows)('COMM-2 %s / %s / consent %s, one student tagged', (section, kind, state) => {
    expect(shape(decidePublication(draftFor(section, kind, state, true)))).toEqual(expectedWithOneTag(section, kind, state));
  });

  it.each(rows)('COMM-1 %s / %s / consent %s, no student tagged', (section, kind, state) => {
    const expected = section === 'family' ? expectedWithOneTag('family', kind, state) : expectedUntagged(section, kind);
    expect(shape(decidePublication(draftFor(section, kind, state, false)))).toEqual(expected);
  });
});

describe('COMM-2 refusals name each student', () => {
  it('COMM-2 a photo in Classe tagging a student without consent (a) is refused with her first name', () => {
    const d = decidePublication({ section: 'class', kind: 'activity_photo', tagged: [student('Léa', 'unanswered')] });
    expect(d).toEqual({ allowed: false, postReason: null, students: [{ studentId: 'léa', firstName: 'Léa', reason: 'no_consent' }] });
  });

  it('COMM-2 a photo tagging a consented and a non-consented student is refused, naming only the second', () => {
    const d = decidePublication({ section: 'class', kind: 'activity_photo', tagged: [student('Noah', 'in_force'), student('Léa', 'refused')] });
    expect(d.allowed).toBe(false);
    expect(!d.allowed && d.students.map((s) => [s.firstName, s.reason])).toEqual([['Léa', 'consent_refused']]);
  });

  it('COMM-2 a post tagging 30 students lists every refused one with its own reason, in tag order', () => {
    const tagged = Array.from({ length: 30 }, (_, i) => student(`Élève${i}`, states[i % 4]!));
    const d = decidePublication({ section: 'class', kind: 'sporting_achievement', tagged });
    expect(!d.allowed && d.students.map((s) => `${s.firstName}:${s.reason}`).slice(0, 3)).toEqual([
      'Élève1:consent_refused', 'Élève2:consent_withdrawn', 'Élève3:no_consent',
    ]);
    expect(!d.allowed && d.students).toHaveLength(22);
    const allConsented = tagged.map((s) => ({ ...s, consent: { ...s.consent, share_with_class: 'in_force' as const } }));
    expect(decidePublication({ section: 'class', kind: 'sporting_achievement', tagged: allConsented })).toEqual({ allowed: true });
  });

  it('COMM-3 a refusal carries the first name only, never a full name', () => {
    const d = decidePublication({ section: 'class', kind: 'artistic_achievement', tagged: [student('Léa', 'withdrawn')] });
    expect(!d.allowed && Object.keys(d.students[0]!).sort()).toEqual(['firstName', 'reason', 'studentId']);
  });

  it('COMM-1 Famille: another student’s information never reaches this family, whatever the consents', () => {
    const lea = student('Léa', 'in_force', 'in_force');
    const d = decidePublication({ section: 'family', kind: 'other', tagged: [lea, student('Noah', 'in_force', 'in_force')], channelStudent: lea });
    expect(!d.allowed && d.students.map((s) => [s.firstName, s.reason])).toEqual([['Noah', 'other_family']]);
  });

  it('COMM-1 a Famille post outside any student’s channel is refused', () => {
    expect(decidePublication({ section: 'family', kind: 'information', tagged: [] })).toEqual({
      allowed: false, postReason: 'no_family_channel', students: [],
    });
  });
});

describe('COMM-2 LEG-4 publication reads consent at the moment of publication', () => {
  it('COMM-2 LEG-4 eu: a photo allowed once is refused for the next publication until the guardians consent again', () => {
    const eu = legalProfile('eu');
    const at = new Date('2025-10-01T12:00:00Z');
    const yes = (by: string, minute: number) => ({
      answeredBy: by, choice: 'share_with_class' as const, answer: 'yes' as const, at: new Date(Date.UTC(2025, 8, 10, 8, minute)),
      channel: 'app' as const, schoolYear: '2025-2026' as const, signedName: by,
    });
    const base = {
      student: { studentId: 'lea', age: 9, guardianIds: ['mother', 'father'] }, profile: eu,
      history: [yes('mother', 1), yes('father', 2)], at, schoolYear: '2025-2026' as const,
    };
    const tag = (uses: { choice: 'share_with_class'; at: Date }[]): TaggedStudent => ({
      studentId: 'lea', firstName: 'Léa', consent: consentStatuses({ ...base, uses }),
    });
    expect(decidePublication({ section: 'class', kind: 'activity_photo', tagged: [tag([])] })).toEqual({ allowed: true });
    const used = [{ choice: 'share_with_class' as const, at: new Date(Date.UTC(2025, 8, 20)) }];
    const second = decidePublication({ section: 'class', kind: 'activity_photo', tagged: [tag(used)] });
    expect(!second.allowed && second.students[0]?.reason).toBe('no_consent');
  });
});
