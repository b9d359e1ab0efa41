import type { LegalProfile, LegalProfileCode } from './legal-profile.ts';

const qc: LegalProfile = {
  code: 'qc',
  name: { fr: 'Québec — Loi sur l’accès (A-2.1) et Loi 25', en: 'Québec — Access Act (A-2.1) and Law 25' },
  law: {
    fr: 'Loi sur l’accès aux documents des organismes publics et sur la protection des renseignements personnels (RLRQ, c. A-2.1)',
    en: 'Act respecting access to documents held by public bodies and the protection of personal information (CQLR, c. A-2.1)',
  },
  defaultLocale: 'fr',
  consentAge: 14,
  imageConsent: {
    validity: 'school_year',
    guardiansRequired: 'one',
    wording: {
      fr: 'Ce consentement est valide pour la durée de l’année scolaire.',
      en: 'This consent is valid for the school year.',
    },
  },
  familyChannelConsent: { validity: 'school_year', guardiansRequired: 'one' },
  rightsRequestDeadline: {
    initial: { amount: 20, unit: 'days' },
    extension: { maxAmount: 10, unit: 'days', noticeBefore: 'first_deadline', requires: ['written_notice', 'reason'] },
    legalBasis: { fr: 'Loi sur l’accès (A-2.1), art. 98 (art. 47 pour les documents)', en: 'Access Act (A-2.1) s. 98 (s. 47 for documents)' },
  },
  retention: { recordingMinimumMonths: null, incidentRegisterMinimumYears: 5 },
  hosting: {
    foreignLawProvidersUnfit: false,
    assessmentBeforeLeavingTerritory: true,
    territory: { fr: 'Québec', en: 'Québec' },
  },
  incidentAuthorityNoticeHours: null,
  notices: {
    collectionAuthority: {
      fr: 'Loi sur l’instruction publique et Loi sur l’accès (A-2.1)',
      en: 'Education Act and Access Act (A-2.1)',
    },
    complaintAuthority: {
      fr: 'Commission d’accès à l’information du Québec',
      en: 'Commission d’accès à l’information du Québec',
    },
  },
};

const on: LegalProfile = {
  code: 'on',
  name: { fr: 'Ontario — LAIMPVP (MFIPPA)', en: 'Ontario — MFIPPA' },
  law: {
    fr: 'Loi sur l’accès à l’information municipale et la protection de la vie privée (L.R.O. 1990, chap. M.56)',
    en: 'Municipal Freedom of Information and Protection of Privacy Act (R.S.O. 1990, c. M.56)',
  },
  defaultLocale: 'en',
  consentAge: 16,
  imageConsent: {
    validity: 'school_year',
    guardiansRequired: 'one',
    wording: { fr: 'Ce consentement est valide pour l’année scolaire.', en: 'This consent is valid for the school year.' },
  },
  familyChannelConsent: { validity: 'school_year', guardiansRequired: 'one' },
  rightsRequestDeadline: {
    initial: { amount: 30, unit: 'days' },
    extension: {
      maxAmount: 30,
      unit: 'days',
      noticeBefore: 'first_deadline',
      requires: ['written_notice', 'length', 'reason', 'right_to_ipc_review'],
    },
    pause: { when: 'fee_estimate_awaiting_deposit', thresholdCad: 100 },
    missedMeans: 'deemed_refusal',
    legalBasis: { fr: 'LAIMPVP, art. 19, art. 20 et par. 22(4); Règl. 823, art. 7', en: 'MFIPPA s. 19, s. 20, s. 22(4); Reg. 823 s. 7' },
  },
  retention: { recordingMinimumMonths: 12, incidentRegisterMinimumYears: 5 },
  hosting: {
    foreignLawProvidersUnfit: false,
    assessmentBeforeLeavingTerritory: false,
    territory: { fr: 'Ontario', en: 'Ontario' },
  },
  incidentAuthorityNoticeHours: null,
  notices: {
    collectionAuthority: { fr: 'Loi sur l’éducation et LAIMPVP', en: 'Education Act and MFIPPA' },
    complaintAuthority: {
      fr: 'Commissaire à l’information et à la protection de la vie privée de l’Ontario',
      en: 'Information and Privacy Commissioner of Ontario',
    },
  },
};

const eu: LegalProfile = {
  code: 'eu',
  name: { fr: 'Union européenne — RGPD (CNIL)', en: 'European Union — GDPR (CNIL)' },
  law: {
    fr: 'Règlement général sur la protection des données (UE) 2016/679',
    en: 'General Data Protection Regulation (EU) 2016/679',
  },
  defaultLocale: 'fr',
  consentAge: 15,
  imageConsent: {
    validity: 'per_use',
    guardiansRequired: 'all',
    wording: {
      fr: 'Consentement préalable, exprès et spécial, donné pour cet usage par chacun des titulaires de l’autorité parentale.',
      en: 'Prior, express and specific consent, given for this use by each holder of parental authority.',
    },
  },
  // Code civil art. 372-2: each parent is presumed to act with the other's agreement for usual acts.
  familyChannelConsent: { validity: 'school_year', guardiansRequired: 'one' },
  rightsRequestDeadline: {
    initial: { amount: 1, unit: 'months' },
    extension: { maxAmount: 2, unit: 'months', noticeBefore: 'first_deadline', requires: ['reason'] },
    legalBasis: { fr: 'RGPD, art. 12, paragraphe 3', en: 'GDPR art. 12(3)' },
  },
  retention: { recordingMinimumMonths: null, incidentRegisterMinimumYears: 5 },
  hosting: {
    foreignLawProvidersUnfit: true,
    assessmentBeforeLeavingTerritory: false,
    territory: { fr: 'Union européenne', en: 'European Union' },
  },
  incidentAuthorityNoticeHours: 72,
  notices: {
    collectionAuthority: { fr: 'RGPD art. 6(1)(e) — mission d’intérêt public', en: 'GDPR art. 6(1)(e) — public task' },
    complaintAuthority: {
      fr: 'Commission nationale de l’informatique et des libertés (CNIL)',
      en: 'Commission nationale de l’informatique et des libertés (CNIL)',
    },
  },
};

export const legalProfiles: Readonly<Record<LegalProfileCode, LegalProfile>> = { qc, on, eu };

export function legalProfile(code: LegalProfileCode): LegalProfile {
  return legalProfiles[code];
}
