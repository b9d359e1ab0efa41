import { describe, expect, it } from 'vitest';
import { legalProfiles, legalProfile } from '../../../src/domain/legal/profiles.ts';

describe('legal profiles are data that later capabilities read', () => {
  it('LEG-1 rights-request clocks: qc 20 days +10 once, on 30 days with fee pause and deemed refusal, eu one month +2', () => {
    expect(legalProfile('qc').rightsRequestDeadline.initial).toEqual({ amount: 20, unit: 'days' });
    expect(legalProfile('qc').rightsRequestDeadline.extension).toMatchObject({ maxAmount: 10, unit: 'days', noticeBefore: 'first_deadline' });
    const on = legalProfile('on').rightsRequestDeadline;
    expect(on.initial).toEqual({ amount: 30, unit: 'days' });
    expect(on.pause).toEqual({ when: 'fee_estimate_awaiting_deposit', thresholdCad: 100 });
    expect(on.missedMeans).toBe('deemed_refusal');
    expect(on.extension?.requires).toEqual(expect.arrayContaining(['length', 'reason', 'right_to_ipc_review']));
    expect(legalProfile('eu').rightsRequestDeadline.initial).toEqual({ amount: 1, unit: 'months' });
    expect(legalProfile('eu').rightsRequestDeadline.extension).toMatchObject({ maxAmount: 2, unit: 'months', requires: ['reason'] });
  });
  it('LEG-2 recording retention minimum: one year in Ontario, per schedule elsewhere', () => {
    expect(legalProfile('on').retention.recordingMinimumMonths).toBe(12);
    expect(legalProfile('qc').retention.recordingMinimumMonths).toBeNull();
    expect(legalProfile('eu').retention.recordingMinimumMonths).toBeNull();
  });
  it('LEG-3 hosting: eu marks extra-EU-law providers unfit; qc needs an assessment before data leaves Québec', () => {
    expect(legalProfile('eu').hosting.foreignLawProvidersUnfit).toBe(true);
    expect(legalProfile('qc').hosting.assessmentBeforeLeavingTerritory).toBe(true);
    expect(legalProfile('qc').hosting.foreignLawProvidersUnfit).toBe(false);
  });
  it('LEG-4 image consent: qc one answer for the school year; eu per use from every guardian', () => {
    expect(legalProfile('qc').imageConsent).toMatchObject({ validity: 'school_year', guardiansRequired: 'one' });
    expect(legalProfile('eu').imageConsent).toMatchObject({ validity: 'per_use', guardiansRequired: 'all' });
  });
  it('LEG-4 the family channel (choice b) lasts the school year and one guardian’s answer suffices in every profile', () => {
    for (const p of Object.values(legalProfiles)) {
      expect(p.familyChannelConsent).toEqual({ validity: 'school_year', guardiansRequired: 'one' });
    }
  });
  it('consent age is a setting (14 in Québec) and every text exists in French and English', () => {
    expect(legalProfile('qc').consentAge).toBe(14);
    for (const p of Object.values(legalProfiles)) {
      for (const text of [p.name, p.law, p.imageConsent.wording, p.hosting.territory, p.notices.collectionAuthority, p.notices.complaintAuthority, p.rightsRequestDeadline.legalBasis]) {
        expect(text.fr.length).toBeGreaterThan(3);
        expect(text.en.length).toBeGreaterThan(3);
      }
    }
  });
});
