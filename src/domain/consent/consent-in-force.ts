import {
  type ConsentAnswer, type ConsentAnswerValue, type ConsentChoice, type ConsentProfile, type ConsentStatus,
  type ConsentUse, consentChoices, consentRuleFor,
} from './consent-form.ts';
import type { SchoolYear } from './school-year.ts';

/**
 * Whether a consent of the Annex A form is in force for one student at one instant
 * (CONS-1, CONS-2, CONS-4, CONS-6, LEG-4). Pure: the caller loads the history.
 */
export interface ConsentSubject {
  studentId: string;
  /** Age on the day asked about (see ageOn); null when unknown, then the guardians answer. */
  age: number | null;
  /** Guardians whose link is active and not restricted (ORG-4): only they are asked and heard. */
  guardianIds: readonly string[];
}

export interface ConsentQuestion {
  student: ConsentSubject;
  profile: ConsentProfile;
  /** This student's answers for the class space's platform, in the order they were recorded. */
  history: readonly ConsentAnswer[];
  /** Publications that relied on this student's consent (read only under a per-use profile). */
  uses?: readonly ConsentUse[];
  at: Date;
  /** schoolYearOf(at, board zone), computed once per request rather than once per student. */
  schoolYear: SchoolYear;
}

/** CONS-6: from the consent age on, the student answers alone and the guardians no longer do. */
export function answersForThemself(student: ConsentSubject, consentAge: number): boolean {
  return student.age !== null && student.age >= consentAge;
}

/** Who receives the form and reminders and whose answers count. */
export function consentAnswerers(student: ConsentSubject, profile: ConsentProfile): readonly string[] {
  return answersForThemself(student, profile.consentAge) ? [student.studentId] : student.guardianIds;
}

/** A person's latest answer for one choice of this school year, as known at `atMs`. */
function latestAnswer(q: ConsentQuestion, person: string, choice: ConsentChoice, atMs: number): ConsentAnswer | undefined {
  let latest: ConsentAnswer | undefined;
  for (const a of q.history) {
    if (a.answeredBy !== person || a.choice !== choice || a.schoolYear !== q.schoolYear) continue;
    const t = a.at.getTime();
    // `>=`: two answers in the same millisecond are ordered as recorded.
    if (t <= atMs && (latest === undefined || t >= latest.at.getTime())) latest = a;
  }
  return latest;
}

/** Under a per-use profile, a « yes » given at or before the last use has been spent. */
function spentUpTo(q: ConsentQuestion, choice: ConsentChoice, atMs: number): number {
  if (consentRuleFor(q.profile, choice).validity !== 'per_use' || !q.uses) return Number.NEGATIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const u of q.uses) {
    const t = u.at.getTime();
    if (u.choice === choice && t <= atMs && t > last) last = t;
  }
  return last;
}

/**
 * The state of one choice. Each person's latest answer wins. A « no » or a withdrawal by anyone
 * entitled to answer stops the consent at once (002 §5.7–5.8: a parent's refusal is respected),
 * and the most recent of them says which; otherwise one « yes » suffices or every answerer's is
 * needed, as the profile says (LEG-4). Nobody entitled to answer means no consent.
 */
export function consentStatus(q: ConsentQuestion, choice: ConsentChoice): ConsentStatus {
  const self = answersForThemself(q.student, q.profile.consentAge);
  const answererCount = self ? 1 : q.student.guardianIds.length;
  const atMs = q.at.getTime();
  const spent = spentUpTo(q, choice, atMs);
  let yes = 0;
  let negative: ConsentAnswer | undefined;
  for (let i = 0; i < answererCount; i++) {
    const last = latestAnswer(q, self ? q.student.studentId : q.student.guardianIds[i]!, choice, atMs);
    if (last === undefined) continue;
    if (last.answer === 'yes') {
      if (last.at.getTime() > spent) yes++;
    } else if (negative === undefined || last.at.getTime() >= negative.at.getTime()) {
      negative = last;
    }
  }
  if (negative !== undefined) return negative.answer === 'no' ? 'refused' : 'withdrawn';
  if (yes === 0) return 'unanswered';
  return self || consentRuleFor(q.profile, choice).guardiansRequired === 'one' || yes === answererCount
    ? 'in_force'
    : 'unanswered';
}

/** Both choices at once: the teacher's view (CONS-4) and the publication check read this. */
export function consentStatuses(q: ConsentQuestion): Readonly<Record<ConsentChoice, ConsentStatus>> {
  return { share_with_class: consentStatus(q, 'share_with_class'), family_channel: consentStatus(q, 'family_channel') };
}

/**
 * The people to remind (CONS-4 « reminds the silent ones »): for each choice still unanswered,
 * the answerers who have no live answer for it. Someone who said no is never reminded.
 */
export function silentAnswerers(q: ConsentQuestion): string[] {
  const silent = new Set<string>();
  const atMs = q.at.getTime();
  for (const choice of consentChoices) {
    if (consentStatus(q, choice) !== 'unanswered') continue;
    const spent = spentUpTo(q, choice, atMs);
    for (const person of consentAnswerers(q.student, q.profile)) {
      const last = latestAnswer(q, person, choice, atMs);
      if (last === undefined || (last.answer === 'yes' && last.at.getTime() <= spent)) silent.add(person);
    }
  }
  return [...silent];
}

export type NewAnswerRefusal = 'not_an_answerer' | 'other_school_year' | 'nothing_to_withdraw';

/**
 * Whether `by` may record this answer now: only a current answerer (a restricted guardian, or a
 * guardian once the student answers alone, may not), only for the school year in progress, and
 * a withdrawal only of a « yes » that person gave.
 */
export function checkNewAnswer(
  q: ConsentQuestion,
  answer: { answeredBy: string; choice: ConsentChoice; answer: ConsentAnswerValue; schoolYear: SchoolYear },
): NewAnswerRefusal | null {
  if (!consentAnswerers(q.student, q.profile).includes(answer.answeredBy)) return 'not_an_answerer';
  if (answer.schoolYear !== q.schoolYear) return 'other_school_year';
  if (answer.answer === 'withdrawn' && latestAnswer(q, answer.answeredBy, answer.choice, q.at.getTime())?.answer !== 'yes') {
    return 'nothing_to_withdraw';
  }
  return null;
}
