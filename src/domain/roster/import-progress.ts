/**
 * Where a roster import is (issue 16 B8): a large board's import takes a minute or more, and the
 * privacy officer sees its phase and how far it has gone — files read, rows checked, rows written.
 */
export const IMPORT_PHASES = ['reading', 'checking', 'writing', 'done'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export interface ImportProgress {
  phase: ImportPhase;
  filesRead: number;
  filesTotal: number;
  /** Data rows of the files (headers not counted); checked once the whole set is read. */
  rowsChecked: number;
  rowsTotal: number;
  /** Records created, updated or ended so far, out of those the import decided to write. */
  rowsWritten: number;
  rowsToWrite: number;
}

export function startingProgress(): ImportProgress {
  return { phase: 'reading', filesRead: 0, filesTotal: 0, rowsChecked: 0, rowsTotal: 0, rowsWritten: 0, rowsToWrite: 0 };
}

/** What the current phase counts: [done, total] (files read, rows checked, rows written). */
export function phaseCounts(p: ImportProgress): [done: number, total: number] {
  if (p.phase === 'reading') return [p.filesRead, p.filesTotal];
  if (p.phase === 'checking') return [p.rowsChecked, p.rowsTotal];
  // Writing, and done: what was written.
  return [p.rowsWritten, p.rowsToWrite];
}

/** How far the current phase has gone, from 0 to 100. */
export function phasePercent(p: ImportProgress): number {
  if (p.phase === 'done') return 100;
  const [done, total] = phaseCounts(p);
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((done / total) * 100)));
}

/** Data rows in a CSV file's bytes: its lines, less the header, a final newline not counting as a row. */
export function dataRowsIn(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++;
  return Math.max(0, lines - 1);
}
