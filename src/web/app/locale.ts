/** The language choice (pure functions; the DOM side is in i18n/index.ts). */

export type Locale = 'fr' | 'en';

export const DEFAULT_LOCALE: Locale = 'fr';
export const LOCALE_COOKIE = 'balise_lang';
export const LOCALE_STORAGE_KEY = 'balise_lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export function parseLocale(value: unknown): Locale | null {
  return value === 'fr' || value === 'en' ? value : null;
}

/** The value of one cookie in a `document.cookie` string. */
export function readCookie(cookieString: string, name: string): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** The cookie first (the server reads it too), then the browser's storage, then French. */
export function pickInitialLocale(cookieString: string, stored: string | null): Locale {
  return parseLocale(readCookie(cookieString, LOCALE_COOKIE)) ?? parseLocale(stored) ?? DEFAULT_LOCALE;
}

/** `document.cookie` assignment for the choice: readable by the server, a year long, same-site lax. */
export function localeCookie(locale: Locale, secure = false): string {
  return `${LOCALE_COOKIE}=${locale}; path=/; max-age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'fr' ? 'en' : 'fr';
}

/** BCP 47 tag for Intl formatting (dates, numbers). */
export function intlLocale(locale: Locale): string {
  return locale === 'fr' ? 'fr-CA' : 'en-CA';
}
