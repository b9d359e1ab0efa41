import { normalizeLogin } from '../people/login-name.ts';

/**
 * What makes a password acceptable when a person chooses one (ORG-3, local accounts). Length is
 * what matters most (NIST SP 800-63B §5.1.1): at least 12 characters, any characters, no
 * composition rules; and not the person's own username or e-mail address.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export type PasswordProblem = 'too_short' | 'too_long' | 'same_as_login';

export function passwordProblem(password: string, logins: readonly (string | null)[]): PasswordProblem | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  const folded = normalizeLogin(password);
  if (logins.some((l) => l !== null && normalizeLogin(l) === folded)) return 'same_as_login';
  return null;
}
