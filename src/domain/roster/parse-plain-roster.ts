import { isUtf8 } from 'node:buffer';
import { readCsvTable, type CsvDelimiter } from './csv-table.ts';
import type { RosterSet } from './oneroster-types.ts';
import type { ParseOneRosterOptions, ParseOneRosterResult } from './parse-oneroster.ts';
import { PlainRosterBuilder } from './plain-roster-builder.ts';
import { PLAIN_ROSTER_COLUMNS, readHeader } from './plain-roster-columns.ts';
import { LineReader } from './plain-roster-line.ts';
import { MAX_ROSTER_ERRORS, rosterErrors } from './roster-error.ts';
import { parseCollectingErrors, type ErrorList } from './roster-columns.ts';
import type { WarningList } from './roster-warning.ts';

/**
 * Reads Balise's plain CSV roster (ORG-2): one file, one line per student in a class group, for
 * boards without a OneRoster export. It gives the same RosterSet as parseOneRoster, with sourcedIds
 * built from the data itself (`csv:…`) so a re-import of the same file finds the same rows. The
 * whole file is checked first; any error and no set is returned. A spreadsheet's own "CSV" is
 * read as saved: semicolons or tabs instead of commas, Windows-1252 instead of UTF-8.
 */

/**
 * The separator, from the header line: commas, unless the header has none but has semicolons
 * (what a spreadsheet set to French saves as "CSV") or tabs.
 */
function delimiterOf(text: Buffer | string): CsvDelimiter {
  const head = typeof text === 'string' ? text.slice(0, 4096) : text.subarray(0, 4096).toString('utf8');
  const nl = head.indexOf('\n');
  const header = nl === -1 ? head : head.slice(0, nl);
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  return header.includes('\t') ? '\t' : ',';
}

/**
 * The file's text. Spreadsheets save "CSV" in the system's code page unless told "CSV UTF-8": on
 * French Windows that is Windows-1252, which is read as such rather than refused (a file that is
 * valid UTF-8 is always read as UTF-8).
 */
function decodeSpreadsheetText(data: Buffer | string): Buffer | string {
  if (typeof data === 'string' || isUtf8(data)) return data;
  return new TextDecoder('windows-1252').decode(data);
}

function isBlank(data: Buffer | string): boolean {
  if (typeof data === 'string') return data.replace(/^\ufeff/, '').trim() === '';
  const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  for (let i = start; i < data.length; i++) {
    const b = data[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

function readSet(file: string, data: Buffer | string, errors: ErrorList, warnings: WarningList, opts: ParseOneRosterOptions): RosterSet | null {
  const report = errors.add;
  // An empty file is "no students", not "no header": say what would matter to the person importing.
  if (isBlank(data)) {
    report(rosterErrors.noRows(file));
    return null;
  }
  const text = decodeSpreadsheetText(data);
  const table = readCsvTable(file, text, report, { ...opts, delimiter: delimiterOf(text) });
  const header = table && readHeader(table, report);
  if (!table || !header) return null;
  const { indexes } = header;
  const reader = new LineReader(file, header, report);
  const builder = new PlainRosterBuilder(file, report, warnings.add);
  let rows = 0;
  const wellFormed = table.forEachRow(indexes, (row, line) => {
    // Spreadsheets leave lines of empty cells (",,,,") below the data.
    if (indexes.every((i) => row[i]!.trim() === '')) return;
    rows++;
    const d = reader.read(row, line);
    if (d) builder.add(d, line);
  });
  if (rows === 0 && wellFormed) report(rosterErrors.noRows(file));
  if (errors.list.length > 0) return null;
  return builder.build();
}

/** Reads the plain CSV roster `file` (its name, for the messages) into a RosterSet, or every error found. */
export function parsePlainRoster(file: string, data: Buffer | string, opts: ParseOneRosterOptions = {}): ParseOneRosterResult {
  return parseCollectingErrors(opts.maxErrors ?? MAX_ROSTER_ERRORS, (errors, warnings) => readSet(file, data, errors, warnings, opts));
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const TEMPLATE_LINES: Record<string, string>[] = [
  {
    ecole: 'École primaire des Bleuets',
    code_ecole: '751001',
    annee_scolaire: '2026-2027',
    groupe: '3A',
    niveau: '03',
    eleve_id: '1234567',
    eleve_prenom: 'Léa',
    eleve_nom: 'Lavoie',
    enseignant_courriel: 'marie.gagnon@exemple.ca',
    enseignant_prenom: 'Marie',
    enseignant_nom: 'Gagnon',
    parent1_courriel: 'sophie.lavoie@exemple.ca',
    parent1_prenom: 'Sophie',
    parent1_nom: 'Lavoie',
    parent1_lien: 'mère',
    parent2_courriel: 'marc.lavoie@exemple.ca',
    parent2_prenom: 'Marc',
    parent2_nom: 'Lavoie',
    parent2_lien: 'père',
  },
  {
    ecole: 'École primaire des Bleuets',
    code_ecole: '751001',
    annee_scolaire: '2026-2027',
    groupe: '3A',
    niveau: '03',
    eleve_id: '1234568',
    eleve_prenom: 'Noah',
    eleve_nom: 'Tremblay',
    enseignant_courriel: 'marie.gagnon@exemple.ca',
    enseignant_prenom: 'Marie',
    enseignant_nom: 'Gagnon',
    parent1_courriel: 'julie.tremblay@exemple.ca',
    parent1_prenom: 'Julie',
    parent1_nom: 'Tremblay',
    parent1_lien: 'tutrice',
  },
];

/** A ready-to-fill CSV (UTF-8 with BOM, CRLF, French header names) with the header and two example lines. */
export function plainRosterTemplate(): string {
  // The BOM makes spreadsheets open the file as UTF-8, so accents survive the round trip.
  const names = PLAIN_ROSTER_COLUMNS.map((c) => c.name);
  const lines = [names.join(','), ...TEMPLATE_LINES.map((l) => names.map((n) => csvField(l[n] ?? '')).join(','))];
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
