import type { ConsentChoice, ConsentStatus } from '../consent/consent-form.ts';

/**
 * COMM-2: whether a post may be published, decided in one place before anything is written.
 * The three sections of a class space (COMM-1, directive 002):
 * - `general` (§5.3): neutral, objective information for everyone, no consent needed. A post
 *   that concerns a student is not neutral information, so no student may be tagged there;
 *   achievements and activity photos belong in `class`, where consent is checked.
 * - `class` (§5.5): a post concerning students only if it is an academic, sporting or artistic
 *   achievement or a photo of a class or school activity (§5.5.2), and consent (a) is in force
 *   for every tagged student (§5.5.3).
 * - `family` (§5.6): one student's private channel with that student's guardians; any subject,
 *   with consent (b) of that student; no other student may be tagged there.
 */
export const sections = ['general', 'class', 'family'] as const;
export type Section = (typeof sections)[number];

export const postKinds = [
  'information',
  'academic_achievement',
  'sporting_achievement',
  'artistic_achievement',
  'activity_photo',
  'other',
] as const;
export type PostKind = (typeof postKinds)[number];

/** §5.5.2: what may be said about a student in front of the class. */
export const kindsAboutStudentsInClass: ReadonlySet<PostKind> = new Set<PostKind>([
  'academic_achievement', 'sporting_achievement', 'artistic_achievement', 'activity_photo',
]);

export interface TaggedStudent {
  studentId: string;
  /** Shown in a refusal; students appear by first name (COMM-3). */
  firstName: string;
  /** From consentStatuses at the moment of publication. */
  consent: Readonly<Record<ConsentChoice, ConsentStatus>>;
}

export interface PostDraft {
  section: Section;
  kind: PostKind;
  /** The students the post concerns, each once. */
  tagged: readonly TaggedStudent[];
  /** `family` only: the student whose channel this is. */
  channelStudent?: TaggedStudent;
}

export type StudentRefusalReason =
  | 'no_consent' | 'consent_refused' | 'consent_withdrawn' | 'kind_not_allowed' | 'not_in_general' | 'other_family';

export interface StudentRefusal {
  studentId: string;
  firstName: string;
  reason: StudentRefusalReason;
}

export type PostRefusalReason = 'kind_not_allowed_in_general' | 'kind_not_allowed_in_class' | 'no_family_channel';

export type PublicationDecision =
  | { allowed: true }
  | { allowed: false; postReason: PostRefusalReason | null; students: readonly StudentRefusal[] };

// One shared answer for the common case: the check runs on every post and keeps allocation low.
const ALLOWED: PublicationDecision = Object.freeze({ allowed: true });

const consentReason: Readonly<Record<ConsentStatus, StudentRefusalReason | null>> = {
  in_force: null, unanswered: 'no_consent', refused: 'consent_refused', withdrawn: 'consent_withdrawn',
};

const refusal = (s: TaggedStudent, reason: StudentRefusalReason): StudentRefusal =>
  ({ studentId: s.studentId, firstName: s.firstName, reason });

/** The decision for one draft; a refusal names every refused student and why, never half of them. */
export function decidePublication(draft: PostDraft): PublicationDecision {
  switch (draft.section) {
    case 'general':
      return decideGeneral(draft);
    case 'class':
      return decideClass(draft);
    case 'family':
      return decideFamily(draft);
  }
}

function decideGeneral(draft: PostDraft): PublicationDecision {
  const postReason = draft.kind === 'information' ? null : 'kind_not_allowed_in_general';
  if (postReason === null && draft.tagged.length === 0) return ALLOWED;
  return { allowed: false, postReason, students: draft.tagged.map((s) => refusal(s, 'not_in_general')) };
}

function decideClass(draft: PostDraft): PublicationDecision {
  if (draft.tagged.length === 0) return ALLOWED;
  if (!kindsAboutStudentsInClass.has(draft.kind)) {
    // No consent makes such a post acceptable, so every tagged student is refused for the kind.
    return { allowed: false, postReason: 'kind_not_allowed_in_class', students: draft.tagged.map((s) => refusal(s, 'kind_not_allowed')) };
  }
  let refused: StudentRefusal[] | null = null;
  for (const s of draft.tagged) {
    const reason = consentReason[s.consent.share_with_class];
    if (reason !== null) (refused ??= []).push(refusal(s, reason));
  }
  return refused === null ? ALLOWED : { allowed: false, postReason: null, students: refused };
}

function decideFamily(draft: PostDraft): PublicationDecision {
  const owner = draft.channelStudent;
  if (owner === undefined) return { allowed: false, postReason: 'no_family_channel', students: [] };
  let refused: StudentRefusal[] | null = null;
  const reason = consentReason[owner.consent.family_channel];
  if (reason !== null) refused = [refusal(owner, reason)];
  for (const s of draft.tagged) {
    // Another child's information never goes to this family.
    if (s.studentId !== owner.studentId) (refused ??= []).push(refusal(s, 'other_family'));
  }
  return refused === null ? ALLOWED : { allowed: false, postReason: null, students: refused };
}
