import { type NetiquetteCategory, type NetiquetteTerms, netiquetteCategories } from './netiquette-terms.ts';
import { englishTerms } from './terms-en.ts';
import { frenchTerms } from './terms-fr.ts';
import { coversTerm, foldForMatching, messageWords, type Word } from './words.ts';

/**
 * COMM-6 netiquette (003 §8.5.4): a message with prohibited content is held for a teacher's or
 * principal's review instead of being posted, and its author is told which kind of content held
 * it. The verdict carries categories only, never the words matched, so that nothing offensive
 * or personal is copied into logs, audit entries or notifications.
 */
export type NetiquetteVerdict =
  | { hold: false }
  | { hold: true; categories: readonly NetiquetteCategory[] };

interface CompiledTerm {
  words: readonly string[];
  /** The last word is a stem. */
  stem: boolean;
  category: NetiquetteCategory;
}

/** Terms indexed by their first letter, built once per list change rather than per message. */
export interface NetiquetteMatcher {
  readonly byFirstLetter: ReadonlyMap<string, readonly CompiledTerm[]>;
}

export const shippedNetiquetteTerms: readonly NetiquetteTerms[] = [frenchTerms, englishTerms];

/** A term read like a message: 'personne ne t’aime' → personne / ne / t / aime. */
function compileTerm(term: string, category: NetiquetteCategory): CompiledTerm | null {
  const stem = term.trimEnd().endsWith('*');
  const words = foldForMatching(term.trim().replace(/\*$/, '')).split(/[\s'’-]+/).filter((w) => w !== '');
  if (words.length === 0 || !words.every((w) => /^[a-z]+$/.test(w))) return null;
  return { words, stem, category };
}

export interface NetiquetteTermProblem {
  category: NetiquetteCategory;
  index: number;
  term: string;
}

/** Entries of a board's list that cannot be matched (digits, symbols, empty), to show when saving. */
export function netiquetteTermProblems(terms: NetiquetteTerms): NetiquetteTermProblem[] {
  const problems: NetiquetteTermProblem[] = [];
  for (const category of netiquetteCategories) {
    terms[category].forEach((term, index) => {
      if (compileTerm(term, category) === null) problems.push({ category, index, term });
    });
  }
  return problems;
}

export function compileNetiquette(lists: readonly NetiquetteTerms[] = shippedNetiquetteTerms): NetiquetteMatcher {
  const byFirstLetter = new Map<string, CompiledTerm[]>();
  for (const terms of lists) {
    for (const category of netiquetteCategories) {
      for (const term of terms[category]) {
        const compiled = compileTerm(term, category);
        if (compiled === null) throw new Error(`netiquette list: an entry of '${category}' is not usable (see netiquetteTermProblems)`);
        const first = compiled.words[0]![0]!;
        byFirstLetter.set(first, [...(byFirstLetter.get(first) ?? []), compiled]);
      }
    }
  }
  return { byFirstLetter };
}

/** Whether the words from index `i` on are the term, each on a whole-word boundary. */
function termAt(words: readonly Word[], i: number, term: CompiledTerm): boolean {
  for (let k = 0; k < term.words.length; k++) {
    const word = words[i + k];
    const stem = term.stem && k === term.words.length - 1;
    if (word === undefined || !word.readings.some((r) => coversTerm(r, term.words[k]!, stem))) return false;
  }
  return true;
}

export function reviewMessage(matcher: NetiquetteMatcher, text: string): NetiquetteVerdict {
  const { words, joined, spelled } = messageWords(text);
  const found = new Set<NetiquetteCategory>();
  words.forEach((word, i) => {
    for (const reading of word.readings) {
      for (const term of matcher.byFirstLetter.get(reading[0]!) ?? []) {
        if (!found.has(term.category) && termAt(words, i, term)) found.add(term.category);
      }
    }
  });
  // A word disguised by separators or spelled out letter by letter is one word: single terms only.
  for (const reading of [...joined, ...spelled]) {
    for (const term of matcher.byFirstLetter.get(reading[0]!) ?? []) {
      if (term.words.length === 1 && coversTerm(reading, term.words[0]!, term.stem)) found.add(term.category);
    }
  }
  if (found.size === 0) return { hold: false };
  return { hold: true, categories: netiquetteCategories.filter((c) => found.has(c)) };
}
