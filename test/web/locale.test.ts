import { describe, expect, it } from 'vitest';
import { intlLocale, localeCookie, otherLocale, parseLocale, pickInitialLocale, readCookie } from '../../src/web/app/locale.ts';

describe('locale choice', () => {
  it('defaults to French', () => {
    expect(pickInitialLocale('', null)).toBe('fr');
    expect(pickInitialLocale('other=1', 'de')).toBe('fr');
  });

  it('prefers the cookie the server reads, then the stored choice', () => {
    expect(pickInitialLocale('a=1; balise_lang=en; b=2', 'fr')).toBe('en');
    expect(pickInitialLocale('balise_lang=xx', 'en')).toBe('en');
    expect(pickInitialLocale('', 'en')).toBe('en');
  });

  it('reads one cookie among several', () => {
    expect(readCookie('x=1; balise_lang=fr', 'balise_lang')).toBe('fr');
    expect(readCookie('balise_lang_x=en', 'balise_lang')).toBeNull();
    expect(readCookie('', 'balise_lang')).toBeNull();
  });

  it('writes a year-long, site-wide, same-site lax cookie', () => {
    expect(localeCookie('en')).toBe('balise_lang=en; path=/; max-age=31536000; SameSite=Lax');
    expect(localeCookie('fr', true)).toBe('balise_lang=fr; path=/; max-age=31536000; SameSite=Lax; Secure');
  });

  it('switches between the two languages', () => {
    expect(otherLocale('fr')).toBe('en');
    expect(otherLocale('en')).toBe('fr');
    expect(parseLocale('en')).toBe('en');
    expect(parseLocale('EN')).toBeNull();
    expect(intlLocale('fr')).toBe('fr-CA');
  });
});
