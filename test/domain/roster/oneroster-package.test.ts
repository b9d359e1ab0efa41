import { describe, expect, test } from 'vitest';
import { parseOneRoster } from '../../../src/domain/roster/parse-oneroster.ts';
import { editTable, loadBaseSet, loadSet, readTable, writeTable, type FileSet } from '../../fixtures/oneroster/fixture-set.ts';
import { errorsOf } from '../../support/roster.ts';

const base = loadBaseSet();

/** The base set with manifest.csv's property `name` set to `value` (added when absent). */
function withManifest(files: FileSet, name: string, value: string): FileSet {
  return editTable(files, 'manifest.csv', (rows) => {
    const row = rows.find((r) => r[0] === name);
    if (row) row[1] = value;
    else rows.push([name, value]);
  });
}

/** Line of a manifest property (header = 1). */
function manifestLine(files: FileSet, name: string): number {
  return readTable(files.get('manifest.csv')!).findIndex((r) => r[0] === name) + 1;
}

/** OneRoster 1.2 moves roles to roles.csv: users.csv loses role and orgSourcedIds, gains 1.2 columns. */
function asOneRoster12(files: FileSet): FileSet {
  const users = readTable(files.get('users.csv')!);
  const drop = new Set([users[0]!.indexOf('role'), users[0]!.indexOf('orgSourcedIds')]);
  const users12 = users.map((r, i) => [...r.filter((_, c) => !drop.has(c)), i === 0 ? 'primaryOrgSourcedId' : '']);
  const roles = [['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId']];
  roles.push(['r-1', 'active', '', 'st-01', 'primary', 'student', '', '', 'sch-vallee', '']);
  const out = new Map(files).set('users.csv', writeTable(users12)).set('roles.csv', writeTable(roles));
  out.delete('manifest.csv');
  return out;
}

describe('ORG-2 B3 a package that is not a complete OneRoster 1.1 export is refused as a whole, naming what it is', () => {
  test('ORG-2 B3 a manifest marking users as delta is refused: delta packages are not supported, export as bulk', () => {
    const files = withManifest(base, 'file.users', 'delta');
    const errs = errorsOf(parseOneRoster(files));
    expect(errs).toEqual([expect.objectContaining({ file: 'manifest.csv', line: manifestLine(files, 'file.users'), code: 'roster.delta_package' })]);
    expect(errs[0]!.message.fr).toContain('Les exports delta ne sont pas pris en charge');
    expect(errs[0]!.message.fr).toContain('« bulk »');
    expect(errs[0]!.message.fr).toContain('users');
    expect(errs[0]!.message.en).toContain('Delta packages are not supported');
    expect(errs[0]!.message.en).toContain('“bulk”');
  });

  test('ORG-2 B3 every file marked delta (any case) names them all, at the first one’s line; bulk and absent files are read', () => {
    let files = withManifest(base, 'file.enrollments', 'Delta');
    files = withManifest(files, 'file.users', ' DELTA ');
    const errs = errorsOf(parseOneRoster(files));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line: manifestLine(files, 'file.enrollments'), code: 'roster.delta_package' });
    expect(errs[0]!.message.en).toContain('for: enrollments, users.');
    // The same manifest with every file bulk or absent is the base set, read as the whole board.
    expect(parseOneRoster(withManifest(base, 'file.users', 'bulk')).ok).toBe(true);
  });

  test('ORG-2 B3 a delta package with no row at all is still refused as a delta, not read as a board with nobody in it', () => {
    const empty = new Map([...base].map(([name, text]) => [name, name === 'manifest.csv' ? text : `${text.split('\n')[0]}\n`]));
    const errs = errorsOf(parseOneRoster(withManifest(empty, 'file.users', 'delta')));
    expect(errs.map((e) => e.code)).toEqual(['roster.delta_package']);
  });

  test('ORG-2 B3 a manifest saying oneroster.version 1.2 is refused naming OneRoster 1.2 (export as 1.1)', () => {
    const files = withManifest(base, 'oneroster.version', '1.2');
    const errs = errorsOf(parseOneRoster(files));
    expect(errs).toEqual([expect.objectContaining({ file: 'manifest.csv', line: manifestLine(files, 'oneroster.version'), code: 'roster.unsupported_format' })]);
    expect(errs[0]!.message.fr).toContain('OneRoster 1.2');
    expect(errs[0]!.message.fr).toContain('OneRoster 1.1');
    expect(errs[0]!.message.en).toContain('OneRoster 1.2');
    expect(errs[0]!.message.en).toContain('choose a OneRoster 1.1 export');
  });

  test('ORG-2 B3 a OneRoster 1.2 export without manifest is known by its roles.csv, not refused with column errors', () => {
    const errs = errorsOf(parseOneRoster(asOneRoster12(base)));
    expect(errs).toEqual([expect.objectContaining({ file: 'roles.csv', line: null, code: 'roster.unsupported_format' })]);
    expect(errs[0]!.message.fr).toContain('OneRoster 1.2');
    // Without roles.csv, its users.csv (no role, 1.2 columns) says the same.
    const noRoles = new Map(asOneRoster12(base));
    noRoles.delete('roles.csv');
    expect(errorsOf(parseOneRoster(noRoles))).toEqual([expect.objectContaining({ file: 'users.csv', code: 'roster.unsupported_format' })]);
    expect(errorsOf(parseOneRoster(noRoles))[0]!.message.en).toContain('OneRoster 1.2');
  });

  test('ORG-2 B3 Microsoft School Data Sync v1 files (School.csv, Student.csv…) are refused naming School Data Sync', () => {
    const sds = loadSet('sds-v1');
    expect([...sds.keys()]).toEqual(['School.csv', 'Section.csv', 'Student.csv', 'StudentEnrollment.csv', 'Teacher.csv', 'TeacherRoster.csv']);
    const errs = errorsOf(parseOneRoster(sds));
    expect(errs).toEqual([expect.objectContaining({ file: 'School.csv', line: null, code: 'roster.unsupported_format' })]);
    expect(errs[0]!.message.fr).toContain('Microsoft School Data Sync');
    expect(errs[0]!.message.en).toContain('Microsoft School Data Sync');
    expect(errs[0]!.message.en).toContain('CSV v1');
    // In a folder, in another case, and only some of them: still School Data Sync, not five missing files.
    const some = new Map([...sds].filter(([n]) => n.startsWith('Student')).map(([n, t]) => [`export/${n.toLowerCase()}`, t]));
    expect(errorsOf(parseOneRoster(some))).toEqual([expect.objectContaining({ file: 'student.csv', code: 'roster.unsupported_format' })]);
  });

  test('ORG-2 B3 Microsoft School Data Sync v2.1 files (roles.csv, SDS columns) are refused naming School Data Sync', () => {
    const sds = loadSet('sds-v2.1');
    const errs = errorsOf(parseOneRoster(sds));
    expect(errs).toEqual([expect.objectContaining({ file: 'roles.csv', line: null, code: 'roster.unsupported_format' })]);
    expect(errs[0]!.message.fr).toContain('Microsoft School Data Sync (SDS, CSV v2.1)');
    // Without roles.csv: its users.csv (username, activeDirectoryMatchId, no role) gives it away.
    const noRoles = new Map(sds);
    noRoles.delete('roles.csv');
    expect(errorsOf(parseOneRoster(noRoles))).toEqual([expect.objectContaining({ file: 'users.csv', code: 'roster.unsupported_format' })]);
    // And classes.csv naming its terms sessionSourcedIds, when users.csv says nothing.
    const classesOnly = new Map(noRoles).set('users.csv', base.get('users.csv')!);
    expect(errorsOf(parseOneRoster(classesOnly))).toEqual([expect.objectContaining({ file: 'classes.csv', code: 'roster.unsupported_format' })]);
    expect(errorsOf(parseOneRoster(classesOnly))[0]!.message.en).toContain('Microsoft School Data Sync');
  });
});
