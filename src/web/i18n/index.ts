import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import fr from './fr.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import { DEFAULT_LOCALE, LOCALE_STORAGE_KEY, localeCookie, parseLocale, pickInitialLocale, type Locale } from '../app/locale.ts';

function storedLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Writes the choice where the server (cookie) and the next visit (storage) find it, and on <html lang>. */
function persistLocale(locale: Locale) {
  document.cookie = localeCookie(locale, window.location.protocol === 'https:');
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private browsing may refuse storage: the cookie is enough.
  }
  document.documentElement.lang = locale;
}

/** The page's language; the component renders again when it changes. */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return parseLocale(i18n.resolvedLanguage) ?? DEFAULT_LOCALE;
}

export async function setLocale(locale: Locale) {
  persistLocale(locale);
  await i18next.changeLanguage(locale);
}

/** Starts i18next with the stored choice (French by default) before the first render. */
export function initI18n(): typeof i18next {
  const locale = pickInitialLocale(document.cookie, storedLocale());
  persistLocale(locale);
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: locale,
    fallbackLng: 'fr',
    supportedLngs: ['fr', 'en'],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
