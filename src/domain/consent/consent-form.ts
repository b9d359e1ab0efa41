import type { LegalProfile } from '../legal/legal-profile.ts';
import type { SchoolYear } from './school-year.ts';

/**
 * The consent form of Annex A of directive 002 (CONS-1), as data. Its two choices are
 * separate on purpose: a family may accept one and refuse the other.
 * - `share_with_class` (a): share the child's academic, sporting or artistic achievements and
 *   photos of the child with the class and the platform manager (002 §5.5).
 * - `family_channel` (b): a private channel between the school and the child's family (§5.6).
 */
export const consentChoices = ['share_with_class', 'family_channel'] as const;
export type ConsentChoice = (typeof consentChoices)[number];

/** « Non » is an answer like « Oui » (CONS-2); a withdrawal revokes a « Oui » given before. */
export type ConsentAnswerValue = 'yes' | 'no' | 'withdrawn';

/** Where the answer came from, kept in the history (CONS-2). */
export const consentChannels = ['app', 'email_link', 'paper_recorded_by_staff'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

/** One line of the history; lines are never changed or removed, a new answer is a new line. */
export interface ConsentAnswer {
  /** A guardian, or the student once at or over the profile's consent age (CONS-6). */
  answeredBy: string;
  choice: ConsentChoice;
  answer: ConsentAnswerValue;
  at: Date;
  channel: ConsentChannel;
  /** The school year the signed form covers (« valide pour la durée de l'année scolaire »). */
  schoolYear: SchoolYear;
  /** The name typed to sign (« Je, (nom du parent ou tuteur) »). */
  signedName: string;
}

/**
 * What the teacher sees per student and per choice (CONS-4), and what publication reads:
 * only `in_force` lets anything through.
 */
export type ConsentStatus = 'in_force' | 'refused' | 'withdrawn' | 'unanswered';

/** A publication that relied on a consent; under a per-use profile it consumes it (LEG-4). */
export interface ConsentUse {
  choice: ConsentChoice;
  at: Date;
}

/** The profile settings consent reads (LEG-4, CONS-6). */
export type ConsentProfile = Pick<LegalProfile, 'consentAge' | 'imageConsent' | 'familyChannelConsent'>;

export function consentRuleFor(profile: ConsentProfile, choice: ConsentChoice): ConsentProfile['familyChannelConsent'] {
  // Choice (a) is the image consent LEG-4 speaks of; (b) has its own setting.
  return choice === 'share_with_class' ? profile.imageConsent : profile.familyChannelConsent;
}
