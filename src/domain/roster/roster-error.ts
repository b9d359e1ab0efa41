import { oneRosterFormatErrors } from './oneroster-format-errors.ts';
import { plainRosterErrors } from './plain-roster-errors.ts';
import { fieldLabel, located, quote, type LocalizedText } from './roster-wording.ts';

/**
 * Errors found in a roster import (ORG-2). Each one names the file, the physical line (the header
 * is line 1; null when the whole file is concerned) and says in plain words, French first, what is
 * wrong and where, so the privacy officer can fix the export and try again.
 */
export type RosterErrorCode =
  | 'roster.missing_file'
  | 'roster.duplicate_file'
  | 'roster.invalid_encoding'
  | 'roster.invalid_csv'
  | 'roster.missing_column'
  | 'roster.missing_field'
  | 'roster.invalid_value'
  | 'roster.invalid_date'
  | 'roster.invalid_date_range'
  | 'roster.duplicate_id'
  | 'roster.unknown_reference'
  | 'roster.wrong_reference'
  | 'roster.unresolved_term'
  | 'roster.invalid_zip'
  | 'roster.too_many_errors'
  | 'roster.invalid_email'
  | 'roster.conflicting_value'
  | 'roster.no_rows'
  | 'roster.plain_one_file'
  | 'roster.delta_package'
  | 'roster.unsupported_format';

export interface RosterError {
  file: string;
  /** 1-based physical line in the file (header = 1); null when the error concerns the whole file. */
  line: number | null;
  code: RosterErrorCode;
  message: LocalizedText;
}

/** Most errors reported for one import; past it the check stops and says so. */
export const MAX_ROSTER_ERRORS = 200;

function make(file: string, line: number | null, code: RosterErrorCode, fr: string, en: string): RosterError {
  return { file, line, code, message: located(file, line, fr, en) };
}

/**
 * Builders for every error the parsers report; the wording lives here and in the two files whose
 * builders are merged in (the plain CSV's own errors, the refusals of a whole package).
 */
export const rosterErrors = {
  ...plainRosterErrors,
  ...oneRosterFormatErrors,
  missingFile(file: string): RosterError {
    return {
      file,
      line: null,
      code: 'roster.missing_file',
      message: {
        fr: `Le fichier ${file} est absent de l’import : il est obligatoire dans un export OneRoster 1.1.`,
        en: `The file ${file} is missing from the import: a OneRoster 1.1 export must contain it.`,
      },
    };
  },
  duplicateFile(file: string): RosterError {
    return {
      file,
      line: null,
      code: 'roster.duplicate_file',
      message: {
        fr: `Le fichier ${file} figure plus d’une fois dans l’import : n’en gardez qu’un.`,
        en: `The file ${file} appears more than once in the import: keep only one.`,
      },
    };
  },
  invalidZip(file: string, detail: LocalizedText): RosterError {
    return {
      file,
      line: null,
      code: 'roster.invalid_zip',
      message: { fr: `L’archive ${file} ne peut pas être lue : ${detail.fr}`, en: `The archive ${file} cannot be read: ${detail.en}` },
    };
  },
  invalidEncoding(file: string): RosterError {
    return make(
      file,
      null,
      'roster.invalid_encoding',
      'le fichier n’est pas encodé en UTF-8 (des accents seraient perdus). Exportez-le de nouveau en UTF-8.',
      'the file is not UTF-8 encoded (accented letters would be lost). Export it again as UTF-8.',
    );
  },
  emptyFile(file: string): RosterError {
    return make(file, 1, 'roster.missing_column', 'le fichier est vide : la ligne d’en-tête manque.', 'the file is empty: the header line is missing.');
  },
  fieldCount(file: string, line: number, got: number, expected: number): RosterError {
    return make(
      file,
      line,
      'roster.invalid_csv',
      `la ligne compte ${got} champ${got > 1 ? 's' : ''} alors que l’en-tête en annonce ${expected}.`,
      `the line has ${got} field${got === 1 ? '' : 's'} but the header announces ${expected}.`,
    );
  },
  unclosedQuote(file: string, line: number): RosterError {
    return make(
      file,
      line,
      'roster.invalid_csv',
      'un guillemet ouvert à partir de cette ligne n’est jamais fermé.',
      'a quotation mark opened from this line is never closed.',
    );
  },
  malformedLine(file: string, line: number | null, detail: string): RosterError {
    return make(file, line, 'roster.invalid_csv', `la ligne n’est pas du CSV valide (${detail}).`, `the line is not valid CSV (${detail}).`);
  },
  missingColumn(file: string, column: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      1,
      'roster.missing_column',
      `la colonne ${quote(column).fr} (${l.fr}) est absente de l’en-tête.`,
      `the ${quote(column).en} column (${l.en}) is missing from the header.`,
    );
  },
  duplicateColumn(file: string, column: string): RosterError {
    return make(
      file,
      1,
      'roster.invalid_csv',
      `la colonne ${quote(column).fr} figure deux fois dans l’en-tête.`,
      `the ${quote(column).en} column appears twice in the header.`,
    );
  },
  missingField(file: string, line: number, column: string): RosterError {
    const l = fieldLabel(column);
    return make(file, line, 'roster.missing_field', `${l.fr} (colonne ${column}) est vide.`, `${l.en} (${column} column) is empty.`);
  },
  invalidDate(file: string, line: number, column: string, value: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.invalid_date',
      `${l.fr} ${quote(value).fr} (colonne ${column}) n’est pas une date valide (format attendu : AAAA-MM-JJ).`,
      `${l.en} ${quote(value).en} (${column} column) is not a valid date (expected format: YYYY-MM-DD).`,
    );
  },
  dateOrder(file: string, line: number, start: string, end: string): RosterError {
    return make(
      file,
      line,
      'roster.invalid_date_range',
      `la date de fin ${quote(end).fr} précède la date de début ${quote(start).fr}.`,
      `the end date ${quote(end).en} is before the start date ${quote(start).en}.`,
    );
  },
  invalidValue(file: string, line: number, column: string, value: string, allowed: readonly string[]): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.invalid_value',
      `la valeur ${quote(value).fr} n’est pas permise pour ${l.fr} (colonne ${column}). Valeurs acceptées : ${allowed.join(', ')}.`,
      `the value ${quote(value).en} is not allowed for ${l.en} (${column} column). Accepted values: ${allowed.join(', ')}.`,
    );
  },
  duplicateId(file: string, line: number, id: string, firstLine: number): RosterError {
    return make(
      file,
      line,
      'roster.duplicate_id',
      `l’identifiant ${quote(id).fr} apparaît déjà à la ligne ${firstLine}.`,
      `the identifier ${quote(id).en} already appears on line ${firstLine}.`,
    );
  },
  unknownReference(file: string, line: number, column: string, id: string, targetFile: string): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.unknown_reference',
      `${l.fr} ${quote(id).fr} (colonne ${column}) ne figure pas dans ${targetFile}.`,
      `${l.en} ${quote(id).en} (${column} column) is not in ${targetFile}.`,
    );
  },
  wrongReference(file: string, line: number, column: string, id: string, expected: LocalizedText): RosterError {
    const l = fieldLabel(column);
    return make(
      file,
      line,
      'roster.wrong_reference',
      `${l.fr} ${quote(id).fr} (colonne ${column}) n’est pas ${expected.fr}.`,
      `${l.en} ${quote(id).en} (${column} column) is not ${expected.en}.`,
    );
  },
  unresolvedTerm(file: string, line: number, ids: readonly string[]): RosterError {
    const list = ids.join(', ');
    return make(
      file,
      line,
      'roster.unresolved_term',
      `aucune des sessions ${quote(list).fr} (colonne termSourcedIds) ne se rattache à une année scolaire de academicSessions.csv (par sa session parente, par ses dates, ou par sa colonne schoolYear, qui nomme l’année de fin : 2027 pour 2026-2027).`,
      `none of the terms ${quote(list).en} (termSourcedIds column) belongs to a school year of academicSessions.csv (through its parent session, its dates, or its schoolYear column, which names the ending year: 2027 for 2026-2027).`,
    );
  },
  tooManyErrors(file: string): RosterError {
    return {
      file,
      line: null,
      code: 'roster.too_many_errors',
      message: {
        fr: `Plus de ${MAX_ROSTER_ERRORS} erreurs : la vérification s’est arrêtée à ${file}. Corrigez celles-ci et relancez l’import.`,
        en: `More than ${MAX_ROSTER_ERRORS} errors: checking stopped at ${file}. Fix these and run the import again.`,
      },
    };
  },
};
