import { describe, expect, test } from 'vitest';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../../src/domain/auth/password-policy.ts';

describe('ORG-3 the password a person chooses for a local account', () => {
  test('ORG-3 at least 12 characters, counted as characters (accents and emoji are one each), no composition rules', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(passwordProblem('a'.repeat(11), [])).toBe('too_short');
    expect(passwordProblem('mon chat dort', [])).toBeNull();
    expect(passwordProblem('ééééééééééé', [])).toBe('too_short'); // 11 characters, 22 bytes
    expect(passwordProblem('🐈'.repeat(11), [])).toBe('too_short'); // 11 characters, 22 UTF-16 units
    expect(passwordProblem('🐈'.repeat(12), [])).toBeNull();
    expect(passwordProblem('x'.repeat(1025), [])).toBe('too_long');
  });

  test('ORG-3 not the person’s own username or e-mail, whatever the case or surrounding spaces', () => {
    const logins = ['enseignante.gagnon', 'Marie.Gagnon@exemple.ca', null];
    expect(passwordProblem('Enseignante.Gagnon', logins)).toBe('same_as_login');
    expect(passwordProblem(' marie.gagnon@exemple.ca ', logins)).toBe('same_as_login');
    expect(passwordProblem('enseignante.gagnon!', logins)).toBeNull();
  });
});
