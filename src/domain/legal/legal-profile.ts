/**
 * A board's legal profile is data: later capabilities (rights requests, consent, retention,
 * notices, hosting) read these values instead of branching on the jurisdiction.
 */
export type LegalProfileCode = 'qc' | 'on' | 'eu';
export type Locale = 'fr' | 'en';
export type Localized = Record<Locale, string>;

export interface DeadlineRule {
  /** Length of the initial period. */
  initial: { amount: number; unit: 'days' | 'months' };
  /** One extension, if the law allows it, and what must accompany it. */
  extension?: { maxAmount: number; unit: 'days' | 'months'; noticeBefore: 'first_deadline'; requires: string[] };
  /** The clock can be paused (e.g. a fee estimate awaiting deposit). */
  pause?: { when: string; thresholdCad?: number };
  /** What a missed deadline means in law. */
  missedMeans?: 'deemed_refusal';
  legalBasis: Localized;
}

export interface LegalProfile {
  code: LegalProfileCode;
  name: Localized;
  law: Localized;
  defaultLocale: Locale;
  /** Age at which a student answers consent requests alone. */
  consentAge: number;
  imageConsent: {
    /** How long one consent lasts. */
    validity: 'school_year' | 'per_use';
    /** Whether one guardian's answer suffices or every guardian must answer. */
    guardiansRequired: 'one' | 'all';
    wording: Localized;
  };
  /**
   * Choice (b) of the consent form, the private family channel. LEG-4's per-use and joint
   * rules are about the child's image; a channel with the child's own guardians is a usual
   * act of parental authority, so it has its own setting rather than borrowing imageConsent's.
   */
  familyChannelConsent: {
    validity: 'school_year' | 'per_use';
    guardiansRequired: 'one' | 'all';
  };
  rightsRequestDeadline: DeadlineRule;
  retention: {
    /** Minimum retention of a meeting recording after its last use, in months; null = per schedule. */
    recordingMinimumMonths: number | null;
    incidentRegisterMinimumYears: number;
  };
  hosting: {
    /** Providers subject to extra-jurisdiction law are unfit for personal data. */
    foreignLawProvidersUnfit: boolean;
    /** A privacy impact assessment and written agreement are needed before data leaves the territory. */
    assessmentBeforeLeavingTerritory: boolean;
    territory: Localized;
  };
  incidentAuthorityNoticeHours: number | null;
  notices: {
    collectionAuthority: Localized;
    complaintAuthority: Localized;
  };
}
