import { describe, expect, test } from 'vitest';
import { dataRowsIn, phasePercent, startingProgress } from '../../../src/domain/roster/import-progress.ts';

describe('ORG-2 B8 where an import is', () => {
  const at = (change: Partial<ReturnType<typeof startingProgress>>) => ({ ...startingProgress(), ...change });

  test('ORG-2 B8 each phase counts its own work: files read, rows checked, rows written', () => {
    expect(phasePercent(at({ phase: 'reading', filesRead: 2, filesTotal: 5 }))).toBe(40);
    expect(phasePercent(at({ phase: 'checking', rowsChecked: 250, rowsTotal: 1000 }))).toBe(25);
    expect(phasePercent(at({ phase: 'writing', rowsWritten: 999, rowsToWrite: 1000 }))).toBe(99);
    expect(phasePercent(at({ phase: 'done' }))).toBe(100);
  });

  test('ORG-2 B8 a phase whose total is not known yet is at 0; counts past the total stay at 100', () => {
    expect(phasePercent(at({ phase: 'reading' }))).toBe(0);
    expect(phasePercent(at({ phase: 'writing', rowsWritten: 12, rowsToWrite: 10 }))).toBe(100);
  });

  test('ORG-2 B8 data rows are the lines after the header, with or without a final newline or CRLF', () => {
    const rows = (text: string) => dataRowsIn(Buffer.from(text));
    expect(rows('')).toBe(0);
    expect(rows('a,b\n')).toBe(0);
    expect(rows('a,b')).toBe(0);
    expect(rows('a,b\n1,2\n3,4\n')).toBe(2);
    expect(rows('a,b\r\n1,2\r\n3,4')).toBe(2);
  });
});
