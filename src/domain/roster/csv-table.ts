import { parse } from 'csv-parse/sync';
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

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
/** V8 cannot hold strings much longer than 2^29 characters; larger files go to csv-parse on the buffer. */
const MAX_FAST_BYTES = 400_000_000;

/**
 * True when `tokenize` will read `text` without giving up: every quote opens a field (at a line
 * start or after a comma) and is closed, followed by a comma, a line end or the end; every CR is
 * followed by LF. Only quotes and CRs are looked at, so it is cheap.
 */
function fastReaderApplies(text: string, start = 0): boolean {
  for (let i = text.indexOf('\r', start); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== LF) return false;
  }
  let q = text.indexOf('"', start);
  while (q !== -1) {
    if (q !== start) {
      const prev = text.charCodeAt(q - 1);
      if (prev !== COMMA && prev !== LF) return false;
    }
    let from = q + 1;
    for (;;) {
      const e = text.indexOf('"', from);
      if (e === -1) return false;
      const next = text.charCodeAt(e + 1);
      if (next === QUOTE) {
        from = e + 2;
        continue;
      }
      if (next !== COMMA && next !== LF && next !== CR && e + 1 < text.length) return false;
      q = text.indexOf('"', e + 1);
      break;
    }
  }
  return true;
}

class TokenizerGaveUp extends Error {}

/**
 * Reads records from `pos` (RFC 4180, LF or CRLF, empty lines skipped) and hands each to `visit`
 * with its start line; fields whose index is not in `wanted` are left as ''. Stops after
 * `maxRecords`. Throws TokenizerGaveUp on input fastReaderApplies rejects.
 */
function tokenize(
  text: string,
  state: { pos: number; line: number },
  wanted: Uint8Array | null,
  maxRecords: number,
  visit: (fields: string[], line: number) => void,
): void {
  const len = text.length;
  let pos = state.pos;
  let line = state.line;
  let count = 0;
  let nl = text.indexOf('\n', pos);
  while (pos < len && count < maxRecords) {
    let c = text.charCodeAt(pos);
    if (c === LF) {
      pos++;
      line++;
      continue;
    }
    if (c === CR) {
      if (text.charCodeAt(pos + 1) !== LF) throw new TokenizerGaveUp();
      pos += 2;
      line++;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      const keep = wanted === null || wanted[fields.length] === 1;
      c = text.charCodeAt(pos);
      if (c === QUOTE) {
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) throw new TokenizerGaveUp();
          if (keep) value += text.slice(from, q);
          // Line ends inside quotes: `nl` only moves forward, so each one is looked at once.
          while (nl !== -1 && nl < q) {
            if (nl >= from) line++;
            nl = text.indexOf('\n', nl + 1);
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            if (keep) value += '"';
            from = q + 2;
            continue;
          }
          pos = q + 1;
          break;
        }
        fields.push(value);
        if (text.charCodeAt(pos) === COMMA) {
          pos++;
          continue;
        }
        break;
      }
      const from = pos;
      while (pos < len) {
        c = text.charCodeAt(pos);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) throw new TokenizerGaveUp();
        pos++;
      }
      fields.push(keep ? text.slice(from, pos) : '');
      if (pos < len && c === COMMA) {
        pos++;
        continue;
      }
      break;
    }
    if (pos < len) {
      c = text.charCodeAt(pos);
      if (c === LF) pos++;
      else if (c === CR && text.charCodeAt(pos + 1) === LF) pos += 2;
      else throw new TokenizerGaveUp();
      line++;
    }
    count++;
    visit(fields, recordLine);
  }
  state.pos = pos;
  state.line = line;
}

/** Every record of a text with its start line, or null when the fast reader does not apply. */
export function tokenizeCsv(text: string): { records: string[][]; lines: number[] } | null {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!fastReaderApplies(text, start)) return null;
  const records: string[][] = [];
  const lines: number[] = [];
  tokenize(text, { pos: start, line: 1 }, null, Infinity, (f, l) => {
    records.push(f);
    lines.push(l);
  });
  return { records, lines };
}

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
    const counter = new LineCounter(buf);
    const lines = new Array<number>(records.length);
    let prev = 0;
    for (let i = 0; i < records.length; i++) {
      lines[i] = counter.startLineAfter(prev);
      prev = ends[i]!;
    }
    return { records, lines };
  } catch (err) {
    const e = err as { code?: string; record?: unknown[]; message?: string };
    const line = new LineCounter(buf).startLineAfter(ends.length > 0 ? ends[ends.length - 1]! : 0);
    if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && Array.isArray(e.record)) {
      report(rosterErrors.fieldCount(file, line, e.record.length, expectedLength(buf, delimiter)));
    } else if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      report(rosterErrors.unclosedQuote(file, line));
    } else if (typeof e.code === 'string' && e.code.includes('QUOTE')) {
      report(rosterErrors.malformedLine(file, line, 'guillemet mal placé / misplaced quotation mark'));
    } else {
      report(rosterErrors.malformedLine(file, line, String(e.code ?? e.message ?? 'CSV')));
    }
    return null;
  }
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
      const state = { pos: start, line: 1 };
      let headerRecord: string[] | undefined;
      tokenize(text, state, null, 1, (f) => (headerRecord = f));
      return tableOf(file, headerRecord, report, (wanted, visit) => tokenize(text, state, wanted, Infinity, visit));
    }
  }
  const parsed = parseWithCsvParse(file, typeof data === 'string' ? Buffer.from(data) : data, report, opts.delimiter ?? ',');
  if (!parsed) return null;
  const { records, lines } = parsed;
  return tableOf(file, records[0], report, (_wanted, visit) => {
    for (let i = 1; i < records.length; i++) visit(records[i]!, lines[i]!);
  });
}
