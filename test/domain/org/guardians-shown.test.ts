import { describe, expect, it } from 'vitest';
import { guardiansShownTo } from '../../../src/domain/org/guardians-shown.ts';

const links = [
  { id: 'mother', restricted: false },
  { id: 'father', restricted: true },
  { id: 'aunt', restricted: false },
];

describe('which guardian links a reader of a student file sees (student.read, ORG-4)', () => {
  it('ORG-4 staff see every link, restricted ones included', () => {
    expect(guardiansShownTo({ personId: 'teacher', kind: 'staff' }, 'child', links)).toEqual({ list: 'every_link', guardians: links });
  });

  it('B7 ORG-4 the student sees the guardians who receive the school’s information, never a restricted link', () => {
    expect(guardiansShownTo({ personId: 'child', kind: 'student' }, 'child', links)).toEqual({
      list: 'informed_guardians',
      guardians: [links[0], links[2]],
    });
  });

  it('ORG-4 a guardian sees their own link only', () => {
    expect(guardiansShownTo({ personId: 'aunt', kind: 'guardian' }, 'child', links)).toEqual({ list: 'own_link', guardians: [links[2]] });
    expect(guardiansShownTo({ personId: 'father', kind: 'guardian' }, 'child', links).guardians).toEqual([]);
  });

  it('ORG-4 another student (a sibling reading nothing of theirs) sees no one', () => {
    expect(guardiansShownTo({ personId: 'sibling', kind: 'student' }, 'child', links)).toEqual({ list: 'own_link', guardians: [] });
  });
});
