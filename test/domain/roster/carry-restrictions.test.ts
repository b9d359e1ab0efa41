import { describe, expect, it } from 'vitest';
import { isSamePersonAfterImport, restrictionToCarry, type LinkedPerson } from '../../../src/domain/roster/carry-restrictions.ts';
import { fullNameKey } from '../../../src/domain/people/person-name.ts';

const person = (id: string, givenName: string, familyName: string, email: string | null = null): LinkedPerson => ({ id, givenName, familyName, email });

const david = person('g-old', 'David', 'Morin', 'd.morin@exemple.ca');
const alice = person('s-1', 'Alice', 'Morin');
const ending = [{ guardian: david, student: alice, link: 'link-old' }];

describe('ORG-4 a restriction follows the guardian and the child to their new records', () => {
  it('ORG-4 names are compared without case, accents, hyphens, apostrophes or extra spaces', () => {
    expect(fullNameKey('Marie-Ève', "D'Amours")).toBe(fullNameKey('  marie eve ', 'DAmours'));
    expect(fullNameKey('Éloïse', 'Côté')).toBe(fullNameKey('Eloise', 'Cote'));
    expect(fullNameKey('Marie', 'Tremblay')).not.toBe(fullNameKey('Mario', 'Tremblay'));
    // Given and family names are not interchangeable.
    expect(fullNameKey('Morin', 'David')).not.toBe(fullNameKey('David', 'Morin'));
  });

  it('ORG-4 the same record is always the same person', () => {
    expect(isSamePersonAfterImport(david, david, new Set())).toBe(true);
  });

  it('ORG-4 an ended record (by this import or an earlier one) is the same person as a record with its e-mail address or its full name', () => {
    const ended = new Set(['g-old']);
    expect(isSamePersonAfterImport(person('g-new', 'David', 'Morin', 'david@nouveau.ca'), david, ended)).toBe(true);
    expect(isSamePersonAfterImport(person('g-new', 'Dave', 'Morin-Roy', 'd.morin@exemple.ca'), david, ended)).toBe(true);
    expect(isSamePersonAfterImport(person('g-new', 'Claire', 'Morin', 'c.morin@exemple.ca'), david, ended)).toBe(false);
  });

  it('ORG-4 a record that stays active is nobody else, even with the same name or e-mail', () => {
    expect(isSamePersonAfterImport(person('g-new', 'David', 'Morin', 'd.morin@exemple.ca'), david, new Set())).toBe(false);
  });

  it('ORG-4 a record with no name matches no one by name (a person made by hand, unknown to the import)', () => {
    const unknown = person('g-hand', '', '');
    expect(isSamePersonAfterImport(person('g-new', '', ''), unknown, new Set(['g-hand']))).toBe(false);
  });

  it('ORG-4 a new link takes over the restriction when guardian and child are both the same people', () => {
    const newDavid = person('g-new', 'David', 'Morin', 'david@nouveau.ca');
    expect(restrictionToCarry(newDavid, alice, ending, new Set(['g-old']))?.link).toBe('link-old');
    // The child re-created too (a change of format): matched by name since her old record ends.
    const newAlice = person('s-new', 'Alice', 'Morin');
    expect(restrictionToCarry(newDavid, newAlice, ending, new Set(['g-old', 's-1']))?.link).toBe('link-old');
    // The same guardian record, a re-created child.
    expect(restrictionToCarry(david, newAlice, ending, new Set(['s-1']))?.link).toBe('link-old');
  });

  it('ORG-4 a new link does not take over a restriction about another child or another guardian', () => {
    const newDavid = person('g-new', 'David', 'Morin', 'david@nouveau.ca');
    const bruno = person('s-2', 'Bruno', 'Morin');
    expect(restrictionToCarry(newDavid, bruno, ending, new Set(['g-old']))).toBeNull();
    const claire = person('g-claire', 'Claire', 'Morin', 'c.morin@exemple.ca');
    expect(restrictionToCarry(claire, alice, ending, new Set(['g-old']))).toBeNull();
    // Same name, but David's record is still active: a different person.
    expect(restrictionToCarry(person('g-other', 'David', 'Morin'), alice, ending, new Set())).toBeNull();
    expect(restrictionToCarry(newDavid, alice, [], new Set(['g-old']))).toBeNull();
  });
});
