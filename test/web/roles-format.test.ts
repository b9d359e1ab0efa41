import { describe, expect, it } from 'vitest';
import { homeKind, roleLabelKeys } from '../../src/web/app/roles.ts';
import { distinctPreferredName, formatGrades, fullName, listName, rosterCountRows, compareByFamilyName } from '../../src/web/app/format.ts';

const staff = (...roles: ('director_general' | 'privacy_officer' | 'principal' | 'secretary' | 'teacher')[]) => ({
  person: { kind: 'staff' as const },
  roles,
});

describe('home page by role', () => {
  it('picks the widest view', () => {
    expect(homeKind({ person: { kind: 'guardian' }, roles: [] })).toBe('guardian');
    expect(homeKind({ person: { kind: 'student' }, roles: [] })).toBe('student');
    expect(homeKind(staff('teacher'))).toBe('teacher');
    expect(homeKind(staff('teacher', 'principal'))).toBe('school');
    expect(homeKind(staff('secretary'))).toBe('school');
    expect(homeKind(staff('director_general'))).toBe('board');
    expect(homeKind(staff('privacy_officer', 'teacher'))).toBe('board');
    expect(homeKind(staff())).toBe('none');
  });

  it('names the roles, senior first, with the privacy officer of the legal profile', () => {
    expect(roleLabelKeys(staff('teacher', 'privacy_officer'), 'eu')).toEqual(['privacy_officer_eu', 'teacher']);
    expect(roleLabelKeys(staff(), 'qc')).toEqual(['staff']);
    expect(roleLabelKeys({ person: { kind: 'guardian' }, roles: [] }, 'qc')).toEqual(['guardian']);
  });
});

describe('formatting', () => {
  const lea = { givenName: 'Léa', familyName: 'Lavoie', preferredName: 'Lili' };

  it('writes names', () => {
    expect(fullName(lea)).toBe('Léa Lavoie');
    expect(listName(lea)).toBe('Lavoie, Léa');
    expect(distinctPreferredName(lea)).toBe('Lili');
    expect(distinctPreferredName({ ...lea, preferredName: 'Léa' })).toBeNull();
    expect(distinctPreferredName({ ...lea, preferredName: null })).toBeNull();
  });

  it('sorts by family name, accents aside', () => {
    const people = [
      { givenName: 'Zoé', familyName: 'Émond' },
      { givenName: 'Noah', familyName: 'Lavoie' },
      { givenName: 'Anne', familyName: 'Eddy' },
    ];
    expect([...people].sort(compareByFamilyName('fr')).map((p) => p.familyName)).toEqual(['Eddy', 'Émond', 'Lavoie']);
  });

  it('writes grades', () => {
    expect(formatGrades('03,04')).toBe('3e année, 4e année');
    expect(formatGrades(['KG', '01'])).toBe('Maternelle, 1re année');
    expect(formatGrades(['KG', '01'], 'en')).toBe('Kindergarten, Grade 1');
    expect(formatGrades('Other,13')).toBe('Other, 13');
    expect(formatGrades('')).toBeNull();
    expect(formatGrades(null)).toBeNull();
  });

  it('turns import counts into rows', () => {
    expect(
      rosterCountRows({ schools: { created: 3, updated: 1, unchanged: 0, ended: 0 }, persons: 12, junk: 'x' }),
    ).toEqual([
      { entity: 'schools', counts: { created: 3, updated: 1, unchanged: 0, ended: 0 } },
      { entity: 'persons', counts: { created: 12, updated: 0, unchanged: 0, ended: 0 } },
    ]);
    expect(rosterCountRows(null)).toEqual([]);
  });
});
