/**
 * How an e-mail address or a username is compared everywhere (sign-in, one-time links, OIDC,
 * roster imports): surrounding spaces dropped, case ignored. Stored as `person.email_normalized`.
 */
export const normalizeLogin = (value: string): string => value.trim().toLowerCase();
