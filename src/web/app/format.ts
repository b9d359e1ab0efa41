/** Pure formatting helpers shared by the pages. */
import { intlLocale, type Locale } from './locale.ts';
import { withPreposition, type NameKind } from '../../domain/people/french-words.ts';

export interface NameParts { givenName: string; familyName: string; preferredName?: string | null }

/** « Léa Lavoie » */
export function fullName(p: NameParts): string {
  return `${p.givenName} ${p.familyName}`.trim();
}

/**
 * "of" and a name, in the page's language, for a sentence's `{{ofName}}`: French elides and
 * contracts (« d’Annie », « du Centre de services scolaire… », « de l’École… »), English does not.
 */
export function ofName(locale: Locale, name: string, kind: NameKind): string {
  return locale === 'fr' ? withPreposition('de', name, kind) : `of ${name.trim()}`;
}

/**
 * Whom a thing concerns, for a sentence's `{{forName}}`: « l’accès d’Annie », "access for Annie"
 * (French says « de », elided and contracted like `ofName`; English says "for").
 */
export function forName(locale: Locale, name: string, kind: NameKind): string {
  return locale === 'fr' ? ofName(locale, name, kind) : `for ${name.trim()}`;
}

/** « Lavoie, Léa » — for lists sorted by family name. */
export function listName(p: NameParts): string {
  return p.familyName ? `${p.familyName}, ${p.givenName}` : p.givenName;
}

/** The preferred name when it differs from the given name, else null. */
export function distinctPreferredName(p: NameParts): string | null {
  const preferred = p.preferredName?.trim();
  return preferred && preferred !== p.givenName ? preferred : null;
}

export function compareByFamilyName(locale: Locale) {
  const collator = new Intl.Collator(intlLocale(locale), { sensitivity: 'base' });
  return (a: NameParts, b: NameParts) => collator.compare(a.familyName, b.familyName) || collator.compare(a.givenName, b.givenName);
}

export function compareByName(locale: Locale) {
  const collator = new Intl.Collator(intlLocale(locale), { sensitivity: 'base', numeric: true });
  return (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
}

/** Grades as sent by the server (a string such as "03,04", or a list) made readable: « 03, 04 ». */
/** OneRoster grade codes in the words a family uses: « 3e année », « Maternelle », "Grade 3". */
const GRADE_WORDS: Record<string, Record<Locale, string>> = {
  IT: { fr: 'Poupons', en: 'Infant/toddler' },
  PR: { fr: 'Préscolaire', en: 'Preschool' },
  PK: { fr: 'Prématernelle', en: 'Pre-kindergarten' },
  TK: { fr: 'Maternelle 4 ans', en: 'Transitional kindergarten' },
  KG: { fr: 'Maternelle', en: 'Kindergarten' },
};

export function gradeLabel(code: string, locale: Locale): string {
  const word = GRADE_WORDS[code.toUpperCase()];
  if (word) return word[locale];
  if (!/^\d{1,2}$/.test(code)) return code;
  const n = Number(code);
  if (n < 1 || n > 12) return code;
  return locale === 'fr' ? `${n}${n === 1 ? 're' : 'e'} année` : `Grade ${n}`;
}

export function formatGrades(grades: string | readonly string[] | null | undefined, locale: Locale = 'fr'): string | null {
  if (grades == null) return null;
  const list = (typeof grades === 'string' ? grades.split(/[,;]/) : [...grades]).map((g) => g.trim()).filter(Boolean);
  return list.length > 0 ? list.map((g) => gradeLabel(g, locale)).join(', ') : null;
}

export function formatDateTime(iso: string | null | undefined, locale: Locale): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}

export const CHANGE_KINDS = ['created', 'updated', 'unchanged', 'ended'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export interface RosterCountRow { entity: string; counts: Record<ChangeKind, number> }

/**
 * The counts of an import run — `{ schools: { created, updated, unchanged, ended }, … }` — as
 * table rows; a plain number counts as "created"; anything else is left out.
 */
export function rosterCountRows(counts: unknown): RosterCountRow[] {
  if (typeof counts !== 'object' || counts === null) return [];
  const rows: RosterCountRow[] = [];
  for (const [entity, value] of Object.entries(counts as Record<string, unknown>)) {
    const row: Record<ChangeKind, number> = { created: 0, updated: 0, unchanged: 0, ended: 0 };
    if (typeof value === 'number') row.created = value;
    else if (typeof value === 'object' && value !== null) {
      for (const kind of CHANGE_KINDS) {
        const n = (value as Record<string, unknown>)[kind];
        if (typeof n === 'number') row[kind] = n;
      }
    } else continue;
    rows.push({ entity, counts: row });
  }
  return rows;
}
