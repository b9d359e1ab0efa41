/**
 * How the netiquette check reads a message: word by word, so that a term matches only a whole
 * word (« concours » is not « con »), while the usual disguises are undone: accents and case,
 * look-alike letters, l33t digits and symbols, letters split by separators (c.o.n, c-o-n) or
 * by spaces (c o n), and repeated letters (handled when comparing, see coversTerm).
 */

/** One word of the message: its possible readings, each made of the letters a–z only. */
export interface Word {
  readings: readonly string[];
  /** False when every character was a digit or symbol read as a letter (a lone '0'). */
  literal: boolean;
}

export interface MessageWords {
  /** The words in order; an empty `readings` is a number or code that breaks a phrase. */
  words: Word[];
  /** Readings of whole tokens written with separators inside (c.o.n, co-nnard). */
  joined: string[];
  /** Readings of runs of lone letters (c o n). */
  spelled: string[];
}

// Cyrillic and Greek letters that look like Latin ones, a classic way round a word list. They
// are read as Latin only inside a word that has Latin letters too, so that a message written in
// Russian or Greek is not read as scrambled French.
const lookalikes: Readonly<Record<string, string>> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ѕ: 's', к: 'k', м: 'm', т: 't',
  α: 'a', ε: 'e', ο: 'o', ρ: 'p', τ: 't', κ: 'k', ι: 'i',
};
const LOOKALIKE = /[аеорсухіѕкмтαεορτκι]/g;
// Latin letters that NFKD leaves whole.
const ligatures: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', ł: 'l', ø: 'o', đ: 'd' };
const leet: Readonly<Record<string, string>> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '€': 'e', '!': 'i' };
// '1' and '|' read as i or l; both readings are tried.
const ambiguous = /[1|]/;

const HARD = /[^a-z0-9@$€!|.\-_*~·•]+/;
const SOFT = /[.\-_*~·•]+/;
const LETTERS = /^[a-z]+$/;
const HAS_LETTER = /[a-z]/;

/** Lower case, no accents, look-alikes replaced: the form both terms and messages are read in. */
export function foldForMatching(text: string): string {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[œæßłøđ]/g, (c) => ligatures[c] ?? c);
  return folded.replace(/\S+/g, (w) => (HAS_LETTER.test(w) ? w.replace(LOOKALIKE, (c) => lookalikes[c] ?? c) : w));
}

function leetReadings(part: string): string[] {
  const asI = part.replace(/[0-9@$€!|]/g, (c) => leet[c] ?? (c === '1' || c === '|' ? 'i' : c));
  if (!ambiguous.test(part)) return [asI];
  return [asI, part.replace(/[0-9@$€!|]/g, (c) => leet[c] ?? (c === '1' || c === '|' ? 'l' : c))];
}

/** Readings of one piece of a token, or null when it is a number, a code or punctuation. */
function readingsOf(part: string): Word | null {
  if (!HAS_LETTER.test(part)) {
    // A lone digit among lone letters is a disguised letter (c 0 n); longer numbers are numbers.
    return part.length === 1 && /[0-9]/.test(part) ? { readings: leetReadings(part).filter((r) => LETTERS.test(r)), literal: false } : null;
  }
  const readings = new Set<string>();
  // « con! » is « con » followed by punctuation; « sh1t » is a disguise; « 3e » is no letter.
  const trimmed = part.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (LETTERS.test(trimmed)) readings.add(trimmed);
  for (const r of leetReadings(part)) if (LETTERS.test(r)) readings.add(r);
  return { readings: [...readings], literal: true };
}

/** Splits a message into the words, joined tokens and spelled-out runs the matcher compares. */
export function messageWords(text: string): MessageWords {
  const out: MessageWords = { words: [], joined: [], spelled: [] };
  for (const token of foldForMatching(text).split(HARD)) {
    const parts = token.split(SOFT).filter((p) => p !== '');
    for (const part of parts) {
      const word = readingsOf(part);
      if (word) out.words.push(word);
      else if (/[0-9]/.test(part)) out.words.push({ readings: [], literal: true });
    }
    if (parts.length > 1) out.joined.push(...(readingsOf(parts.join(''))?.readings ?? []));
  }
  collectSpelledRuns(out);
  return out;
}

/**
 * Runs of two or more lone letters are read as one word (c o n). A lone letter is also a real
 * word (« y a », « à », "a"), so the run is read whole and without its first or last letter.
 */
function collectSpelledRuns(out: MessageWords): void {
  const lone = (w: Word) => w.readings.find((r) => r.length === 1);
  let start = 0;
  for (let i = 0; i <= out.words.length; i++) {
    const w = out.words[i];
    if (w !== undefined && lone(w) !== undefined) continue;
    if (i - start >= 2) {
      const run = out.words.slice(start, i);
      if (run.some((r) => r.literal)) {
        const letters = run.map((r) => lone(r)!).join('');
        for (const s of [letters, letters.slice(1), letters.slice(0, -1), letters.slice(1, -1)]) {
          if (s.length >= 2) out.spelled.push(s);
        }
      }
    }
    start = i + 1;
  }
}

/**
 * Whether `reading` is the term's word with letters possibly repeated (« connnnard » is
 * « connard »), never with letters missing (« cône » is not « conne », « as » is not « ass »).
 * A stem (`prefix`) may be followed by anything.
 */
export function coversTerm(reading: string, term: string, prefix: boolean): boolean {
  let i = 0;
  let j = 0;
  while (j < term.length) {
    const letter = term[j];
    if (reading[i] !== letter) return false;
    let inTerm = 0;
    let inReading = 0;
    while (term[j] === letter) { j++; inTerm++; }
    while (reading[i] === letter) { i++; inReading++; }
    if (inReading < inTerm) return false;
  }
  return prefix || i === reading.length;
}
