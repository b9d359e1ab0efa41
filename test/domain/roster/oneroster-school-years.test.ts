import { describe, expect, test } from 'vitest';
import { parseOneRoster } from '../../../src/domain/roster/parse-oneroster.ts';
import type { RosterSet } from '../../../src/domain/roster/oneroster-types.ts';
import { editTable, loadBaseSet, removeRows, setCell, type FileSet } from '../../fixtures/oneroster/fixture-set.ts';
import { errorsOf } from '../../support/roster.ts';

const base = loadBaseSet();

function ok(files: FileSet): RosterSet {
  const r = parseOneRoster(files);
  if (!r.ok) throw new Error(`expected a valid set, got:\n${r.errors.map((e) => e.message.en).join('\n')}`);
  return r.set;
}

/** The base set without its schoolYear row: its terms only name their year in the schoolYear column (2027). */
const withoutYearRow = editTable(base, 'academicSessions.csv', (rows) => {
  const kept = removeRows(rows, (r) => r[0] === 'sy-2026');
  setCell(kept, 't-2026-1', 'parentSourcedId', '');
  return kept;
});

describe('ORG-2 B3 terms whose schoolYear column names their year need no school-year row', () => {
  test('ORG-2 B3 without a schoolYear row the year is derived from schoolYear 2027: 2026-2027, July 1 to June 30', () => {
    const set = ok(withoutYearRow);
    const year = { sourcedId: 'oneroster:schoolYear:2026-2027', name: '2026-2027', startsOn: '2026-07-01', endsOn: '2027-06-30', status: 'active' };
    expect(set.schoolYears).toEqual([year]);
    // Every class, on a term or a grading period under it, belongs to that year.
    expect(set.classes.map((c) => [c.sourcedId, c.schoolYearSourcedId])).toEqual([
      ['cls-5a', year.sourcedId],
      ['cls-5b-math', year.sourcedId],
      ['cls-sec1-sci', year.sourcedId],
      ['cls-sec1-hist', year.sourcedId],
    ]);
    // The rest of the set is read as with the row.
    const withRow = ok(base);
    expect(set.enrollments).toEqual(withRow.enrollments);
    expect(set.classes.map((c) => ({ ...c, schoolYearSourcedId: '' }))).toEqual(withRow.classes.map((c) => ({ ...c, schoolYearSourcedId: '' })));
  });

  test('ORG-2 B3 terms of two years give two derived years, in order of first use', () => {
    const files = editTable(withoutYearRow, 'academicSessions.csv', (rows) => {
      rows.push(['t-2027-1', '', '', 'Étape 1', 'term', '2027-08-30', '2028-01-28', '', '2028']);
    });
    const set = ok(editTable(files, 'classes.csv', (rows) => setCell(rows, 'cls-sec1-hist', 'termSourcedIds', 't-2027-1')));
    expect(set.schoolYears.map((y) => [y.name, y.startsOn, y.endsOn])).toEqual([
      ['2026-2027', '2026-07-01', '2027-06-30'],
      ['2027-2028', '2027-07-01', '2028-06-30'],
    ]);
    expect(set.classes.find((c) => c.sourcedId === 'cls-sec1-hist')!.schoolYearSourcedId).toBe('oneroster:schoolYear:2027-2028');
  });

  test('ORG-2 B3 a term named in a year its dates are not in, or with no year, is still refused', () => {
    const outside = editTable(withoutYearRow, 'academicSessions.csv', (rows) => setCell(rows, 't-2026-2', 'schoolYear', '2026'));
    expect(errorsOf(parseOneRoster(outside)).map((e) => [e.file, e.line, e.code])).toEqual([['classes.csv', 5, 'roster.unresolved_term']]);
    const unnamed = editTable(withoutYearRow, 'academicSessions.csv', (rows) => setCell(rows, 't-2026-2', 'schoolYear', ''));
    const errs = errorsOf(parseOneRoster(unnamed));
    expect(errs.map((e) => [e.file, e.line, e.code])).toEqual([['classes.csv', 5, 'roster.unresolved_term']]);
    expect(errs[0]!.message.fr).toContain('colonne schoolYear');
    expect(errs[0]!.message.en).toContain('schoolYear column');
  });

  test('ORG-2 B3 a term outside its schoolYear row’s dates but naming its year joins that row, not a second year', () => {
    const files = editTable(base, 'academicSessions.csv', (rows) => {
      rows.push(['t-accueil', '', '', 'Journées d’accueil', 'term', '2026-08-20', '2026-08-24', '', '2027']);
    });
    const set = ok(editTable(files, 'classes.csv', (rows) => setCell(rows, 'cls-5a', 'termSourcedIds', 't-accueil')));
    expect(set.schoolYears.map((y) => y.sourcedId)).toEqual(['sy-2026']);
    expect(set.classes.find((c) => c.sourcedId === 'cls-5a')!.schoolYearSourcedId).toBe('sy-2026');
  });
});
