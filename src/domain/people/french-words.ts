/**
 * « de » and « à » before a name, as French writes them: elided before a vowel or an h
 * (« d’Annie », « d’Hélène »), and joined to the article of an organisation's name
 * (« du Centre de services scolaire… », « de l’École… », « au Centre… », « aux Écoles… »).
 */
import { foldAccents } from './person-name.ts';

export type FrenchPreposition = 'de' | 'à';

/**
 * A person's name never takes an article (« Les » may be a given name); an organisation's name —
 * a board, a school — takes the one it is written with, or the one its first word calls for.
 */
export type NameKind = 'person' | 'organisation';

type Article = 'le' | 'la' | 'les' | 'l’';

/** The first words of school and board names, and whether each is masculine or feminine. */
const INSTITUTION_WORDS: Readonly<Record<string, 'm' | 'f'>> = {
  academie: 'f',
  campus: 'm',
  cegep: 'm',
  centre: 'm',
  college: 'm',
  commission: 'f',
  conseil: 'm',
  district: 'm',
  division: 'f',
  ecole: 'f',
  etablissement: 'm',
  externat: 'm',
  federation: 'f',
  groupe: 'm',
  institut: 'm',
  lycee: 'm',
  maison: 'f',
  pavillon: 'm',
  pensionnat: 'm',
  polyvalente: 'f',
  rectorat: 'm',
  regroupement: 'm',
  reseau: 'm',
  seminaire: 'm',
  service: 'm',
};


/** Whether French elides before this word: a vowel, accented or not, or an h (taken as mute). */
export function startsWithElision(word: string): boolean {
  return /^[aeiouyhœæ]/.test(foldAccents(word.trimStart()));
}

/** The article a name is written with (« Le Centre… », « L’École… »), or the one its first word calls for. */
function articleOf(name: string): { article: Article; rest: string } | null {
  const written = /^(le|la|les)\s+(\S.*)$/isu.exec(name) ?? /^(l)['’]\s*(\S.*)$/isu.exec(name);
  if (written) {
    const word = written[1]!.toLowerCase();
    return { article: word === 'l' ? 'l’' : (word as Article), rest: written[2]! };
  }
  const first = foldAccents(name.split(/\s/)[0] ?? '');
  const singular = first.replace(/[sx]$/, '');
  const gender = INSTITUTION_WORDS[first] ?? INSTITUTION_WORDS[singular];
  if (!gender) return null;
  if (first !== singular && INSTITUTION_WORDS[first] === undefined) return { article: 'les', rest: name };
  if (startsWithElision(name)) return { article: 'l’', rest: name };
  return { article: gender === 'm' ? 'le' : 'la', rest: name };
}

/** « de » or « à » followed by the article, contracted as French requires (de le → du, à les → aux). */
const JOINED: Record<FrenchPreposition, Record<Article, string>> = {
  de: { le: 'du ', la: 'de la ', les: 'des ', 'l’': 'de l’' },
  à: { le: 'au ', la: 'à la ', les: 'aux ', 'l’': 'à l’' },
};

/**
 * The preposition and the name, as one phrase to put in a sentence:
 * `withPreposition('de', 'Annie Tremblay', 'person')` is « d’Annie Tremblay »,
 * `withPreposition('de', 'Centre de services scolaire des Bleuets', 'organisation')` is
 * « du Centre de services scolaire des Bleuets », `withPreposition('à', 'École primaire des Bleuets',
 * 'organisation')` is « à l’École primaire des Bleuets ». An organisation's name with no article
 * and no known first word (« Pierre-Dupuy ») is written like a person's.
 */
export function withPreposition(preposition: FrenchPreposition, name: string, kind: NameKind): string {
  const trimmed = name.trim();
  if (trimmed === '') return preposition;
  const article = kind === 'organisation' ? articleOf(trimmed) : null;
  if (article) return `${JOINED[preposition][article.article]}${article.rest}`;
  if (preposition === 'de' && startsWithElision(trimmed)) return `d’${trimmed}`;
  return `${preposition} ${trimmed}`;
}
