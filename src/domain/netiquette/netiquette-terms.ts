/**
 * The kinds of prohibited content of the board's netiquette (003 §8.5.4 and §8.5.1): the author
 * is told which kind held the message, never which word.
 */
export const netiquetteCategories = ['insult', 'harassment', 'hateful', 'sexual'] as const;
export type NetiquetteCategory = (typeof netiquetteCategories)[number];

/**
 * A term list the board can replace. Each entry is a word or a phrase, written plainly with its
 * accents; case, accents and disguises are handled by the matcher. A trailing `*` makes the last
 * word a stem (`encul*` also matches « enculés »); use it only where no innocent word begins so.
 * Lists of every language are checked on every message, so a term must not also be an
 * ordinary word of the other language (« retard » is French for "late").
 */
export type NetiquetteTerms = Readonly<Record<NetiquetteCategory, readonly string[]>>;
