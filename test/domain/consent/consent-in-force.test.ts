import { describe, expect, it } from 'vitest';
import type { ConsentAnswer, ConsentAnswerValue, ConsentChoice, ConsentUse } from '../../../src/domain/consent/consent-form.ts';
import {
  checkNewAnswer, consentAnswerers, consentStatus, consentStatuses, type ConsentQuestion, silentAnswerers,
} from '../../../src/domain/consent/consent-in-force.ts';
import type { SchoolYear } from '../../../src/domain/consent/school-year.ts';
import { legalProfile } from '../../../src/domain/legal/profiles.ts';

const qc = legalProfile('qc');
const eu = legalProfile('eu');
const YEAR: SchoolYear = '2025-2026';
const NOW = new Date('2025-10-15T16:00:00Z');

let clock = Date.parse('2025-09-02T12:00:00Z');
/** Answers one minute apart, in the order written, unless `at` is given. */
const answer = (answeredBy: string, choice: ConsentChoice, value: ConsentAnswerValue, over: Partial<ConsentAnswer> = {}): ConsentAnswer => ({
  answeredBy, choice, answer: value, at: new Date((clock += 60_000)), channel: 'app', schoolYear: YEAR, signedName: answeredBy, ...over,
});
const a = 'share_with_class' as const;
const b = 'family_channel' as const;

const question = (history: ConsentAnswer[], over: Partial<ConsentQuestion> = {}): ConsentQuestion => ({
  student: { studentId: 'lea', age: 10, guardianIds: ['mother', 'father'] },
  profile: qc,
  history,
  at: NOW,
  schoolYear: YEAR,
  ...over,
});

describe('consent in force for one student and one choice', () => {
  it('CONS-4 with no answer both choices read « no answer »', () => {
    expect(consentStatuses(question([]))).toEqual({ share_with_class: 'unanswered', family_channel: 'unanswered' });
  });

  it('CONS-1 the two choices are separate: yes to (a) and no to (b) give in force and refused', () => {
    const history = [answer('mother', a, 'yes'), answer('mother', b, 'no')];
    expect(consentStatuses(question(history))).toEqual({ share_with_class: 'in_force', family_channel: 'refused' });
  });

  it('CONS-2 a person’s latest answer wins, whichever way it goes', () => {
    expect(consentStatus(question([answer('mother', a, 'yes'), answer('mother', a, 'no')]), a)).toBe('refused');
    expect(consentStatus(question([answer('mother', a, 'no'), answer('mother', a, 'yes')]), a)).toBe('in_force');
  });

  it('CONS-2 a withdrawal is effective at the very instant it is recorded', () => {
    const yes = answer('mother', a, 'yes');
    const withdrawn = answer('mother', a, 'withdrawn');
    const history = [yes, withdrawn];
    expect(consentStatus(question(history, { at: withdrawn.at }), a)).toBe('withdrawn');
    expect(consentStatus(question(history, { at: new Date(withdrawn.at.getTime() - 1) }), a)).toBe('in_force');
  });

  it('CONS-2 an answer recorded after the instant asked about does not count yet', () => {
    const later = answer('mother', a, 'yes', { at: new Date(NOW.getTime() + 1) });
    expect(consentStatus(question([later]), a)).toBe('unanswered');
  });

  it('CONS-2 two answers of one person in the same millisecond count in the order recorded', () => {
    const at = new Date('2025-09-10T10:00:00Z');
    expect(consentStatus(question([answer('mother', a, 'yes', { at }), answer('mother', a, 'withdrawn', { at })]), a)).toBe('withdrawn');
  });

  it('LEG-4 qc: one guardian’s « yes » suffices while the other has not answered', () => {
    expect(qc.imageConsent.guardiansRequired).toBe('one');
    expect(consentStatus(question([answer('father', a, 'yes')]), a)).toBe('in_force');
  });

  it('LEG-4 002 §5.7 a guardian’s « no » is honoured even where one « yes » would suffice', () => {
    expect(consentStatus(question([answer('mother', a, 'yes'), answer('father', a, 'no')]), a)).toBe('refused');
  });

  it('CONS-4 when both guardians said no or withdrew, the most recent of the two is shown', () => {
    const history = [answer('mother', a, 'yes'), answer('father', a, 'no'), answer('mother', a, 'withdrawn')];
    expect(consentStatus(question(history), a)).toBe('withdrawn');
    expect(consentStatus(question([...history, answer('father', a, 'no')]), a)).toBe('refused');
  });

  it('LEG-4 eu: every guardian’s « yes » is needed for the image consent (a)', () => {
    expect(consentStatus(question([answer('mother', a, 'yes')], { profile: eu }), a)).toBe('unanswered');
    expect(consentStatus(question([answer('mother', a, 'yes'), answer('father', a, 'yes')], { profile: eu }), a)).toBe('in_force');
  });

  it('LEG-4 eu: a per-use consent is consumed by one publication and must be given again', () => {
    const history = [answer('mother', a, 'yes'), answer('father', a, 'yes')];
    const uses: ConsentUse[] = [{ choice: a, at: new Date((clock += 60_000)) }];
    expect(consentStatus(question(history, { profile: eu, uses }), a)).toBe('unanswered');
    const renewed = [...history, answer('mother', a, 'yes'), answer('father', a, 'yes')];
    expect(consentStatus(question(renewed, { profile: eu, uses }), a)).toBe('in_force');
    // A publication after the instant asked about has not consumed anything yet.
    const future: ConsentUse[] = [{ choice: a, at: new Date(NOW.getTime() + 1) }];
    expect(consentStatus(question(history, { profile: eu, uses: future }), a)).toBe('in_force');
  });

  it('LEG-4 qc: a consent lasts the school year, publications do not consume it', () => {
    const uses: ConsentUse[] = [{ choice: a, at: new Date(NOW.getTime() - 1000) }];
    expect(consentStatus(question([answer('mother', a, 'yes', { at: new Date('2025-09-03T00:00:00Z') })], { uses }), a)).toBe('in_force');
  });

  it('LEG-4 eu: the family channel (b) lasts the school year and one guardian suffices', () => {
    const uses: ConsentUse[] = [{ choice: b, at: new Date(NOW.getTime() - 1000) }];
    expect(consentStatus(question([answer('mother', b, 'yes', { at: new Date('2025-09-03T00:00:00Z') })], { profile: eu, uses }), b)).toBe('in_force');
  });

  it('CONS-6 a student at the consent age answers alone; the guardians’ answers no longer count', () => {
    const student = { studentId: 'lea', age: 14, guardianIds: ['mother', 'father'] };
    expect(consentStatus(question([answer('mother', a, 'yes')], { student }), a)).toBe('unanswered');
    expect(consentStatus(question([answer('mother', a, 'yes'), answer('lea', a, 'no')], { student }), a)).toBe('refused');
    expect(consentStatus(question([answer('father', a, 'no'), answer('lea', a, 'yes')], { student }), a)).toBe('in_force');
    expect(consentAnswerers(student, qc)).toEqual(['lea']);
  });

  it('CONS-6 below the consent age, or with no birth date known, the guardians answer and the student’s answer is not heard', () => {
    for (const age of [13, null]) {
      const student = { studentId: 'lea', age, guardianIds: ['mother'] };
      expect(consentStatus(question([answer('lea', a, 'yes')], { student }), a)).toBe('unanswered');
      expect(consentStatus(question([answer('mother', a, 'yes')], { student }), a)).toBe('in_force');
    }
    // The age is the profile's: 15 in the eu profile.
    const fourteen = { studentId: 'lea', age: 14, guardianIds: ['mother'] };
    expect(consentStatus(question([answer('mother', a, 'yes')], { student: fourteen, profile: eu }), a)).toBe('in_force');
  });

  it('ORG-4 a guardian whose link is restricted is not heard, and a student with no guardian to ask has no consent', () => {
    const student = { studentId: 'lea', age: 10, guardianIds: ['mother'] };
    expect(consentStatus(question([answer('mother', a, 'yes'), answer('father', a, 'no')], { student }), a)).toBe('in_force');
    const alone = { studentId: 'lea', age: 10, guardianIds: [] };
    expect(consentStatus(question([answer('mother', a, 'yes')], { student: alone }), a)).toBe('unanswered');
    expect(consentStatus(question([], { student: alone, profile: eu }), a)).toBe('unanswered');
  });

  it('CONS-1 consents of another school year do not count; a form for the coming year signed in June counts from July 1', () => {
    expect(consentStatus(question([answer('mother', a, 'yes', { schoolYear: '2024-2025' })]), a)).toBe('unanswered');
    const june = answer('mother', a, 'yes', { at: new Date('2026-06-20T15:00:00Z'), schoolYear: '2026-2027' });
    expect(consentStatus(question([june], { at: new Date('2026-06-25T15:00:00Z') }), a)).toBe('unanswered');
    expect(consentStatus(question([june], { at: new Date('2026-09-01T15:00:00Z'), schoolYear: '2026-2027' }), a)).toBe('in_force');
  });
});

describe('CONS-4 reminding the silent ones', () => {
  it('CONS-4 reminds, per unanswered choice, only the answerers who have not answered it', () => {
    const history = [answer('mother', a, 'yes'), answer('father', b, 'no')];
    // (a) is in force (one suffices), (b) is refused: nobody to remind.
    expect(silentAnswerers(question(history))).toEqual([]);
    // Under eu, (a) still needs the father's answer.
    expect(silentAnswerers(question(history, { profile: eu }))).toEqual(['father']);
    expect(silentAnswerers(question([]))).toEqual(['mother', 'father']);
  });

  it('CONS-4 LEG-4 under a per-use profile a consumed « yes » is asked again', () => {
    const history = [answer('mother', a, 'yes'), answer('father', a, 'yes'), answer('mother', b, 'yes')];
    const uses: ConsentUse[] = [{ choice: a, at: new Date((clock += 60_000)) }];
    expect(silentAnswerers(question(history, { profile: eu, uses }))).toEqual(['mother', 'father']);
  });

  it('CONS-6 ORG-4 a student of age is reminded instead of the guardians; a restricted guardian never is', () => {
    expect(silentAnswerers(question([], { student: { studentId: 'lea', age: 15, guardianIds: ['mother'] } }))).toEqual(['lea']);
    expect(silentAnswerers(question([], { student: { studentId: 'lea', age: 9, guardianIds: ['mother'] } }))).toEqual(['mother']);
  });
});

describe('CONS-2 recording a new answer', () => {
  const q = question([answer('mother', a, 'yes')]);
  it('CONS-2 a current answerer may answer yes or no for the school year in progress, or withdraw a « yes »', () => {
    expect(checkNewAnswer(q, { answeredBy: 'father', choice: a, answer: 'no', schoolYear: YEAR })).toBeNull();
    expect(checkNewAnswer(q, { answeredBy: 'mother', choice: a, answer: 'withdrawn', schoolYear: YEAR })).toBeNull();
  });
  it('CONS-2 there is nothing to withdraw where that person gave no « yes »', () => {
    expect(checkNewAnswer(q, { answeredBy: 'father', choice: a, answer: 'withdrawn', schoolYear: YEAR })).toBe('nothing_to_withdraw');
    expect(checkNewAnswer(q, { answeredBy: 'mother', choice: b, answer: 'withdrawn', schoolYear: YEAR })).toBe('nothing_to_withdraw');
  });
  it('ORG-4 CONS-6 a restricted guardian, or a guardian of a student of age, may not answer', () => {
    const restricted = question([], { student: { studentId: 'lea', age: 10, guardianIds: ['mother'] } });
    expect(checkNewAnswer(restricted, { answeredBy: 'father', choice: a, answer: 'yes', schoolYear: YEAR })).toBe('not_an_answerer');
    const ofAge = question([], { student: { studentId: 'lea', age: 14, guardianIds: ['mother'] } });
    expect(checkNewAnswer(ofAge, { answeredBy: 'mother', choice: a, answer: 'yes', schoolYear: YEAR })).toBe('not_an_answerer');
    expect(checkNewAnswer(ofAge, { answeredBy: 'lea', choice: a, answer: 'yes', schoolYear: YEAR })).toBeNull();
  });
  it('CONS-1 an answer is for the school year in progress only', () => {
    expect(checkNewAnswer(q, { answeredBy: 'father', choice: a, answer: 'yes', schoolYear: '2024-2025' })).toBe('other_school_year');
  });
});
