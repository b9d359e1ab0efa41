import { parse } from 'csv-parse/sync';
import { cursorAt, fastReaderApplies, tokenize } from './csv-tokenizer.ts';
import { rosterErrors, type RosterError } from './roster-error.ts';

/**
 * One CSV file, visited row by row with the physical line where each row starts (header = line 1),
 * so an error can point at the line the privacy officer sees in a text editor.
 *
 * Two readers give the same rows: a tight RFC 4180 tokenizer for well-formed files (most exports;
 * several times faster than csv-parse on 100 MB files, and it hands rows over one at a time
 * without keeping them, reading only the columns asked for), and csv-parse for anything the
 * tokenizer does not accept (stray quotes, lone CR line ends, …), which it either reads leniently
 * or rejects with its own diagnosis. A quick scan of the quotes decides which reader runs, before
 * any row is handed over. Tests check both agree on every fixture.
 */
export interface CsvTable {
  file: string;
  /** Column names as written, trimmed. */
  header: string[];
  /** Index of a column, case-insensitive; -1 when absent. */
  column(name: string): number;
  /**
   * Visits every data row once, in order, with its start line. Only `columns` are filled in, the
   * other fields read as ''. Rows whose field count differs from the header's are reported and
   * skipped; returns false when there was any.
   */
  forEachRow(columns: readonly number[], visit: (row: string[], line: number) => void): boolean;
}

export interface ReadCsvOptions {
  /** Force the csv-parse reader (tests compare both). */
  reader?: 'auto' | 'csv-parse';
  /** Field separator; comma when not said. Any other one is read by csv-parse. */
  delimiter?: CsvDelimiter;
}

/** Commas (the standard), semicolons (spreadsheets set to French), tabs. */
export type CsvDelimiter = ',' | ';' | '\t';

const LF = 10;
const CR = 13;
/** V8 cannot hold strings much longer than 2^29 characters; larger files go to csv-parse on the buffer. */
const MAX_FAST_BYTES = 400_000_000;

/** Physical start lines of records given the byte offset where each previous record ended. */
class LineCounter {
  private pos = 0;
  private line = 1;
  private readonly nl: number;
  constructor(private readonly buf: Buffer) {
    this.nl = buf.indexOf(LF) === -1 && buf.indexOf(CR) !== -1 ? CR : LF;
  }
  /** Line of the first non-blank byte at or after `offset` (offsets must not decrease). */
  startLineAfter(offset: number): number {
    let start = offset;
    while (start < this.buf.length && (this.buf[start] === LF || this.buf[start] === CR)) start++;
    for (let i = this.buf.indexOf(this.nl, this.pos); i !== -1 && i < start; i = this.buf.indexOf(this.nl, i + 1)) this.line++;
    this.pos = Math.max(this.pos, start);
    return this.line;
  }
}

function parseWithCsvParse(
  file: string,
  buf: Buffer,
  report: (e: RosterError) => void,
  delimiter: CsvDelimiter,
): { records: string[][]; lines: number[] } | null {
  const ends: number[] = [];
  try {
    const records = parse(buf, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      relax_column_count: false,
      relax_quotes: true,
      on_record: (record: string[], context: { bytes: number }) => {
        ends.push(context.bytes);
        return record;
      },
    }) as string[][];
    return { records, lines: startLines(buf, ends) };
  } catch (err) {
    const line = new LineCounter(buf).startLineAfter(ends.length > 0 ? ends[ends.length - 1]! : 0);
    report(csvParseError(file, line, err as CsvParseFailure, () => expectedLength(buf, delimiter)));
    return null;
  }
}

/** Start line of each record, from the byte offset where each one ended. */
function startLines(buf: Buffer, ends: readonly number[]): number[] {
  const counter = new LineCounter(buf);
  const lines = new Array<number>(ends.length);
  let prev = 0;
  for (let i = 0; i < ends.length; i++) {
    lines[i] = counter.startLineAfter(prev);
    prev = ends[i]!;
  }
  return lines;
}

type CsvParseFailure = { code?: string; record?: unknown[]; message?: string };

/** csv-parse's diagnosis, in the privacy officer's words. */
function csvParseError(file: string, line: number, e: CsvParseFailure, headerLength: () => number): RosterError {
  if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && Array.isArray(e.record)) {
    return rosterErrors.fieldCount(file, line, e.record.length, headerLength());
  }
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return rosterErrors.unclosedQuote(file, line);
  if (typeof e.code === 'string' && e.code.includes('QUOTE')) {
    return rosterErrors.malformedLine(file, line, 'guillemet mal placé / misplaced quotation mark');
  }
  return rosterErrors.malformedLine(file, line, String(e.code ?? e.message ?? 'CSV'));
}

/** Number of fields of the header line, read again on its own (only used to word an error). */
function expectedLength(buf: Buffer, delimiter: CsvDelimiter): number {
  try {
    const first = parse(buf, { bom: true, delimiter, skip_empty_lines: true, relax_quotes: true, to_line: 1, relax_column_count: true }) as string[][];
    return first[0]?.length ?? 0;
  } catch {
    return 0;
  }
}

function tableOf(
  file: string,
  headerRecord: string[] | undefined,
  report: (e: RosterError) => void,
  rows: (wanted: Uint8Array, visit: (fields: string[], line: number) => void) => void,
): CsvTable | null {
  if (!headerRecord || (headerRecord.length === 1 && headerRecord[0]!.trim() === '')) {
    report(rosterErrors.emptyFile(file));
    return null;
  }
  const header = headerRecord.map((h, i) => (i === 0 ? h.replace(/^\ufeff/, '') : h).trim());
  const index = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const key = header[i]!.toLowerCase();
    if (!index.has(key)) index.set(key, i);
  }
  const expected = header.length;
  let visited = false;
  return {
    file,
    header,
    column: (name) => index.get(name.toLowerCase()) ?? -1,
    forEachRow(columns, visit) {
      if (visited) throw new Error(`${file} was already read`);
      visited = true;
      const wanted = new Uint8Array(expected);
      for (const c of columns) if (c >= 0) wanted[c] = 1;
      let ok = true;
      rows(wanted, (fields, line) => {
        if (fields.length !== expected) {
          ok = false;
          report(rosterErrors.fieldCount(file, line, fields.length, expected));
          return;
        }
        visit(fields, line);
      });
      return ok;
    },
  };
}

/**
 * Opens one file. Reports what is wrong through `report` and returns null when the file cannot be
 * used at all (bad encoding, broken CSV, no header).
 */
export function readCsvTable(
  file: string,
  data: Buffer | string,
  report: (e: RosterError) => void,
  opts: ReadCsvOptions = {},
): CsvTable | null {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (bytes <= MAX_FAST_BYTES) {
    const text = typeof data === 'string' ? data : data.toString('utf8');
    if (text.indexOf('\ufffd') !== -1) {
      report(rosterErrors.invalidEncoding(file));
      return null;
    }
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (opts.reader !== 'csv-parse' && (opts.delimiter ?? ',') === ',' && fastReaderApplies(text, start)) {
      return tokenizedTable(file, text, start, report);
    }
  }
  const parsed = parseWithCsvParse(file, typeof data === 'string' ? Buffer.from(data) : data, report, opts.delimiter ?? ',');
  if (!parsed) return null;
  const { records, lines } = parsed;
  return tableOf(file, records[0], report, (_wanted, visit) => {
    for (let i = 1; i < records.length; i++) visit(records[i]!, lines[i]!);
  });
}

/** The table read by the tokenizer: the header now, the rows when visited. */
function tokenizedTable(file: string, text: string, start: number, report: (e: RosterError) => void): CsvTable | null {
  const cursor = cursorAt(text, start);
  let headerRecord: string[] | undefined;
  tokenize(text, cursor, null, 1, (f) => (headerRecord = f));
  return tableOf(file, headerRecord, report, (wanted, visit) => tokenize(text, cursor, wanted, Infinity, visit));
}
