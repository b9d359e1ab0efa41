import { describe, expect, test } from 'vitest';
import { parseOneRoster, type ParseOneRosterResult } from '../../../src/domain/roster/parse-oneroster.ts';
import { tokenizeCsv } from '../../../src/domain/roster/csv-tokenizer.ts';
import { parseRosterDate, splitMulti } from '../../../src/domain/roster/roster-values.ts';
import type { RosterSet } from '../../../src/domain/roster/oneroster-types.ts';
import {
  col,
  editTable,
  loadBaseSet,
  readTable,
  removeRows,
  restyle,
  setCell,
  withVendorColumnsAndShuffledOrder,
  writeTable,
  type FileSet,
} from '../../fixtures/oneroster/fixture-set.ts';
import { errorsOf } from '../../support/roster.ts';

const base = loadBaseSet();

function ok(files: ReadonlyMap<string, Buffer | string>, reader?: 'auto' | 'csv-parse'): RosterSet {
  const r = parseOneRoster(files, { reader });
  if (!r.ok) throw new Error(`expected a valid set, got:\n${r.errors.map((e) => e.message.en).join('\n')}`);
  return r.set;
}

/** The errors, reduced to where and what, for exact comparison. */
function where(r: ParseOneRosterResult) {
  return errorsOf(r).map((e) => ({ file: e.file, line: e.line, code: e.code }));
}

/** Both readers (tokenizer and csv-parse) must report the same errors. */
function whereBoth(files: FileSet) {
  const a = where(parseOneRoster(files));
  const b = where(parseOneRoster(files, { reader: 'csv-parse' }));
  expect(b).toEqual(a);
  return a;
}

describe('ORG-2 OneRoster 1.1 CSV — the base set', () => {
  const set = ok(base);

  test('ORG-2 reads every entity of the base set', () => {
    expect(set.district).toEqual({ sourcedId: 'd-bleuets', name: 'Centre de services scolaire des Bleuets' });
    expect(set.schools.map((s) => [s.sourcedId, s.name, s.code])).toEqual([
      ['sch-vallee', 'École de la Vallée', '751001'],
      ['sch-riviere', 'École secondaire de la Rivière', '751002'],
    ]);
    expect(set.schoolYears).toEqual([{ sourcedId: 'sy-2026', name: '2026-2027', startsOn: '2026-08-25', endsOn: '2027-06-23', status: 'active' }]);
    expect(set.classes).toHaveLength(4);
    expect(set.users).toHaveLength(27);
    expect(set.users.filter((u) => u.kind === 'student')).toHaveLength(10);
    expect(set.users.filter((u) => u.kind === 'guardian')).toHaveLength(12);
    expect(set.users.filter((u) => u.kind === 'staff')).toHaveLength(5);
    expect(set.enrollments).toHaveLength(18);
    expect(set.roleGrants).toHaveLength(6);
  });

  test('ORG-2 a class on a term or grading period belongs to the school year above it', () => {
    const byId = new Map(set.classes.map((c) => [c.sourcedId, c]));
    expect(byId.get('cls-5a')!.schoolYearSourcedId).toBe('sy-2026');
    expect(byId.get('cls-5b-math')!.schoolYearSourcedId).toBe('sy-2026'); // gradingPeriod → term → year
    // t-2026-2 has no parent: the year whose dates contain its start date.
    expect(byId.get('cls-sec1-hist')!.schoolYearSourcedId).toBe('sy-2026');
  });

  test('ORG-2 a class without title or grades takes them from its course', () => {
    const byId = new Map(set.classes.map((c) => [c.sourcedId, c]));
    expect(byId.get('cls-5b-math')).toMatchObject({ name: 'Mathématique 5e année', grades: '05', code: '5B-MAT', schoolSourcedId: 'sch-vallee' });
    expect(byId.get('cls-sec1-hist')).toMatchObject({ name: 'Histoire 101', grades: '07,08' });
    expect(byId.get('cls-sec1-sci')).toMatchObject({ grades: '07,08' });
  });

  test('ORG-2 guardian links come from either side of users.csv, once each, with the guardian’s role', () => {
    const links = set.guardianLinks.map((l) => `${l.guardianSourcedId}>${l.studentSourcedId}:${l.relationship}`).sort();
    expect(links).toEqual(
      [
        'gu-01>st-01:parent', // declared on both rows
        'gu-02>st-01:parent',
        'gu-03>st-02:parent',
        'gu-04>st-02:guardian',
        'gu-05>st-03:parent',
        'gu-06>st-04:parent',
        'gu-07>st-05:parent',
        'gu-08>st-05:relative',
        'gu-09>st-06:parent',
        'gu-10>st-07:parent',
        'gu-11>st-08:guardian',
        'gu-12>st-09:parent',
        'gu-12>st-10:parent',
      ].sort(),
    );
  });

  test('ORG-2 users: kinds, e-mail normalized, disabled users kept, multi-valued grades', () => {
    const u = new Map(set.users.map((x) => [x.sourcedId, x]));
    expect(u.get('st-03')).toMatchObject({ kind: 'student', email: 'Chloe.Roy@Eleves.Bleuets.qc.ca', emailNormalized: 'chloe.roy@eleves.bleuets.qc.ca', username: 'croy' });
    expect(u.get('st-04')).toMatchObject({ email: null, emailNormalized: null, preferredName: null });
    expect(u.get('st-05')).toMatchObject({ enabled: false, status: 'active' });
    expect(u.get('st-09')!.grades).toBe('07,08');
    expect(u.get('gu-08')).toMatchObject({ kind: 'guardian', role: 'relative' });
    expect(u.get('te-04')).toMatchObject({ kind: 'staff', role: 'teacher' });
    expect(u.get('ad-01')).toMatchObject({ kind: 'staff', role: 'administrator' });
  });

  test('ORG-2 an administrator of a school is its principal; teachers and aides teach their classes', () => {
    const grants = set.roleGrants.map((g) => `${g.role}:${g.scope}:${g.scopeSourcedId}:${g.userSourcedId}:${g.sourcedId}`).sort();
    expect(grants).toEqual(
      [
        'principal:school:sch-vallee:ad-01:ad-01@sch-vallee', // not the district
        'teacher:class:cls-5a:te-01:en-5a-te01',
        'teacher:class:cls-5a:te-04:en-5a-te04', // aide
        'teacher:class:cls-5b-math:te-02:en-5b-te02',
        'teacher:class:cls-sec1-hist:te-04:en-hist-te04',
        'teacher:class:cls-sec1-sci:te-03:en-sci-te03',
      ].sort(),
    );
  });

  test('ORG-2 enrollment dates are optional and kept as days', () => {
    const e = new Map(set.enrollments.map((x) => [x.sourcedId, x]));
    expect(e.get('en-5a-st01')).toMatchObject({ startsOn: '2026-08-25', endsOn: '2027-06-23', classSourcedId: 'cls-5a', userSourcedId: 'st-01' });
    expect(e.get('en-5a-st03')).toMatchObject({ startsOn: '2026-08-25', endsOn: null });
    expect(e.get('en-5a-st04')).toMatchObject({ startsOn: null, endsOn: null });
  });
});

describe('ORG-2 OneRoster 1.1 CSV — the variants real exports produce', () => {
  const expected = ok(base);

  test('ORG-2 UTF-8 BOM, CRLF, every field quoted, no final newline', () => {
    const files = restyle(base, { bom: true, eol: '\r\n', quoteAll: true, finalNewline: false });
    expect(files.get('users.csv')!.startsWith('\ufeff"sourcedId"')).toBe(true);
    expect(files.get('users.csv')!.endsWith('\r\n')).toBe(false);
    expect(ok(files)).toEqual(expected);
    expect(ok(files, 'csv-parse')).toEqual(expected);
  });

  test('ORG-2 BOM with LF, nothing quoted', () => {
    const files = restyle(base, { bom: true, eol: '\n', quoteAll: false });
    expect(ok(files)).toEqual(expected);
  });

  test('ORG-2 files given as Buffers, in a folder, with names in any case', () => {
    const files = new Map([...base].map(([name, text]) => [`Export 2026/${name.toUpperCase()}`, Buffer.from(text)]));
    expect(ok(files)).toEqual(expected);
    const windows = new Map([...base].map(([name, text]) => [`C:\\exports\\${name}`, text]));
    expect(ok(windows)).toEqual(expected);
  });

  test('ORG-2 vendor columns (metadata.*, ext_*) are ignored and columns are found by header in any order', () => {
    const files = withVendorColumnsAndShuffledOrder(base);
    expect(readTable(files.get('users.csv')!)[0]![0]).toBe('ext_note');
    expect(ok(files)).toEqual(expected);
    expect(ok(files, 'csv-parse')).toEqual(expected);
  });

  test('ORG-2 header names in another case and with spaces around them', () => {
    const files = editTable(base, 'users.csv', (rows) => {
      rows[0] = rows[0]!.map((h) => (h === 'givenName' ? ' GIVENNAME ' : h === 'sourcedId' ? 'SourcedId' : h));
    });
    expect(ok(files)).toEqual(expected);
  });

  test('ORG-2 manifest.csv and demographics.csv may be absent; unknown files are ignored', () => {
    const files = new Map(base);
    files.delete('manifest.csv');
    files.set('lineItems.csv', 'garbage "');
    expect(ok(files)).toEqual(expected);
  });

  test('ORG-2 dates with a time, with or without milliseconds, give the same day', () => {
    const files = editTable(base, 'academicSessions.csv', (rows) => {
      setCell(rows, 'sy-2026', 'startDate', '2026-08-25T00:00:00Z');
      setCell(rows, 'sy-2026', 'endDate', '2027-06-23T00:00:00.000Z');
      setCell(rows, 't-2026-1', 'startDate', '2026-08-25T04:00:00-04:00');
    });
    const withTimes = editTable(files, 'enrollments.csv', (rows) => {
      setCell(rows, 'en-5a-st01', 'beginDate', '2026-08-25T00:00:00.000Z');
      setCell(rows, 'en-5a-st01', 'endDate', '2027-06-23T00:00:00Z');
    });
    expect(ok(withTimes)).toEqual(expected);
  });

  test('ORG-2 courses.csv may be absent when every class has its title', () => {
    const files = editTable(base, 'classes.csv', (rows) => setCell(rows, 'cls-5b-math', 'title', 'Math 5B'));
    files.delete('courses.csv');
    const set = ok(files);
    const cls = new Map(set.classes.map((c) => [c.sourcedId, c]));
    expect(cls.get('cls-5b-math')).toMatchObject({ name: 'Math 5B', grades: null });
    expect(cls.get('cls-sec1-hist')!.grades).toBeNull();
  });

  test('ORG-2 preferredFirstName, when the column exists, becomes the preferred name', () => {
    const files = editTable(base, 'users.csv', (rows) => {
      rows.forEach((r, i) => r.push(i === 0 ? 'preferredFirstName' : ''));
      setCell(rows, 'st-02', 'preferredFirstName', 'Mimile');
    });
    const u = new Map(ok(files).users.map((x) => [x.sourcedId, x]));
    expect(u.get('st-02')!.preferredName).toBe('Mimile');
    expect(u.get('st-01')!.preferredName).toBeNull();
  });

  test('ORG-2 multi-valued cells with spaces after commas, and agents that are not guardians, are read sensibly', () => {
    const files = editTable(base, 'users.csv', (rows) => {
      setCell(rows, 'st-01', 'agentSourcedIds', ' gu-01 , gu-02, te-01');
      setCell(rows, 'te-01', 'agentSourcedIds', 'st-01');
      setCell(rows, 'st-09', 'grades', '07, 08');
    });
    const set = ok(files);
    expect(set.guardianLinks).toHaveLength(13);
    expect(set.users.find((u) => u.sourcedId === 'st-09')!.grades).toBe('07,08');
  });

  test('ORG-2 enabledUser false, FALSE or empty: the user is imported', () => {
    const files = editTable(base, 'users.csv', (rows) => {
      setCell(rows, 'st-01', 'enabledUser', 'FALSE');
      setCell(rows, 'st-02', 'enabledUser', '');
    });
    const u = new Map(ok(files).users.map((x) => [x.sourcedId, x]));
    expect(u.get('st-01')!.enabled).toBe(false);
    expect(u.get('st-02')!.enabled).toBe(true);
  });

  test('ORG-2 a stray quote inside an unquoted field is read as written', () => {
    const text = base.get('users.csv')!.replace(',Léa,Tremblay,', ',Léa "Lili",Tremblay,');
    const files = new Map(base).set('users.csv', text);
    expect(ok(files).users.find((u) => u.sourcedId === 'st-01')!.givenName).toBe('Léa "Lili"');
  });

  test('ORG-2 a field that spans lines inside quotes is one field', () => {
    const files = editTable(base, 'classes.csv', (rows) => setCell(rows, 'cls-5a', 'location', 'Local 104\r\nAile B'));
    expect(ok(files)).toEqual(expected);
  });
});

describe('ORG-2 status: tobedeleted and inactive end things, and what hangs on them', () => {
  test('ORG-2 a user marked tobedeleted ends with their enrollments and links', () => {
    const files = editTable(base, 'users.csv', (rows) => setCell(rows, 'st-01', 'status', 'tobedeleted'));
    const set = ok(files);
    expect(set.users.find((u) => u.sourcedId === 'st-01')!.status).toBe('ended');
    expect(set.enrollments.find((e) => e.sourcedId === 'en-5a-st01')!.status).toBe('ended');
    expect(set.guardianLinks.filter((l) => l.studentSourcedId === 'st-01').map((l) => l.status)).toEqual(['ended', 'ended']);
    expect(set.enrollments.filter((e) => e.status === 'ended')).toHaveLength(1);
  });

  test('ORG-2 inactive (any case) ends too; active and empty mean active', () => {
    const files = editTable(base, 'enrollments.csv', (rows) => {
      setCell(rows, 'en-5a-st02', 'status', 'Inactive');
      setCell(rows, 'en-5a-st03', 'status', 'active');
    });
    const e = new Map(ok(files).enrollments.map((x) => [x.sourcedId, x.status]));
    expect(e.get('en-5a-st02')).toBe('ended');
    expect(e.get('en-5a-st03')).toBe('active');
  });

  test('ORG-2 a school marked tobedeleted ends its classes, their enrollments and teachers, and its principal', () => {
    const files = editTable(base, 'orgs.csv', (rows) => setCell(rows, 'sch-vallee', 'status', 'tobedeleted'));
    const set = ok(files);
    expect(set.classes.filter((c) => c.status === 'ended').map((c) => c.sourcedId).sort()).toEqual(['cls-5a', 'cls-5b-math']);
    expect(set.enrollments.filter((e) => e.status === 'ended')).toHaveLength(8);
    expect(set.roleGrants.filter((g) => g.status === 'ended').map((g) => g.sourcedId).sort()).toEqual(['ad-01@sch-vallee', 'en-5a-te01', 'en-5a-te04', 'en-5b-te02']);
  });
});

describe('ORG-2 errors: each with its file, its line and a code, and nothing accepted', () => {
  test('ORG-2 a required file missing (orgs, academicSessions, classes, users, enrollments)', () => {
    for (const name of ['orgs.csv', 'academicSessions.csv', 'classes.csv', 'users.csv', 'enrollments.csv']) {
      const files = new Map(base);
      files.delete(name);
      const errs = errorsOf(parseOneRoster(files));
      expect(errs[0]).toMatchObject({ file: name, line: null, code: 'roster.missing_file' });
      // Nothing else is reported as dangling because of the missing file.
      expect(errs).toHaveLength(1);
    }
  });

  test('ORG-2 the same file twice', () => {
    const files = new Map(base).set('copie/Users.csv', base.get('users.csv')!);
    expect(where(parseOneRoster(files))).toEqual([{ file: 'users.csv', line: null, code: 'roster.duplicate_file' }]);
  });

  test('ORG-2 a required column missing is reported on line 1', () => {
    const files = editTable(base, 'users.csv', (rows) => rows.map((r) => r.filter((_, i) => rows[0]![i] !== 'givenName')));
    const errs = errorsOf(parseOneRoster(files));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ file: 'users.csv', line: 1, code: 'roster.missing_column' });
    expect(errs[0]!.message.fr).toBe('Ligne 1 de users.csv : la colonne « givenName » (le prénom) est absente de l’en-tête.');
    expect(errs[0]!.message.en).toBe('Line 1 of users.csv: the “givenName” column (the first name) is missing from the header.');
  });

  test('ORG-2 every required column of every file', () => {
    const required: Record<string, string[]> = {
      'orgs.csv': ['sourcedId', 'name', 'type'],
      'academicSessions.csv': ['sourcedId', 'title', 'type', 'startDate', 'endDate'],
      'classes.csv': ['sourcedId', 'schoolSourcedId', 'termSourcedIds'],
      'users.csv': ['sourcedId', 'role', 'givenName', 'familyName'],
      'enrollments.csv': ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'],
      'courses.csv': ['sourcedId', 'title'],
    };
    for (const [file, cols] of Object.entries(required)) {
      for (const c of cols) {
        const files = editTable(base, file, (rows) => {
          rows[0] = rows[0]!.map((h) => (h === c ? `x_${c}` : h));
        });
        expect(where(parseOneRoster(files)), `${file} ${c}`).toContainEqual({ file, line: 1, code: 'roster.missing_column' });
      }
    }
  });

  test('ORG-2 an empty file', () => {
    const files = new Map(base).set('orgs.csv', '');
    expect(where(parseOneRoster(files))).toEqual([{ file: 'orgs.csv', line: 1, code: 'roster.missing_column' }]);
  });

  test('ORG-2 a required field left empty: name, first name, last name, role, sourcedId', () => {
    const files = editTable(base, 'users.csv', (rows) => {
      setCell(rows, 'st-04', 'givenName', '');
      setCell(rows, 'gu-01', 'familyName', '   ');
      setCell(rows, 'te-01', 'role', '');
      setCell(rows, 'te-02', 'sourcedId', '');
    });
    const errs = errorsOf(parseOneRoster(files));
    expect(errs.map((e) => ({ line: e.line, code: e.code, file: e.file }))).toEqual([
      { file: 'users.csv', line: 5, code: 'roster.missing_field' },
      { file: 'users.csv', line: 12, code: 'roster.missing_field' },
      { file: 'users.csv', line: 24, code: 'roster.missing_field' },
      { file: 'users.csv', line: 25, code: 'roster.missing_field' },
      // te-02 lost its identifier, so its enrollment no longer finds it.
      { file: 'enrollments.csv', line: 21, code: 'roster.unknown_reference' },
    ]);
    expect(errs[0]!.message.fr).toBe('Ligne 5 de users.csv : le prénom (colonne givenName) est vide.');
    expect(errs[0]!.message.en).toBe('Line 5 of users.csv: the first name (givenName column) is empty.');
    const orgs = editTable(base, 'orgs.csv', (rows) => setCell(rows, 'sch-riviere', 'name', ''));
    expect(where(parseOneRoster(orgs))).toEqual([{ file: 'orgs.csv', line: 4, code: 'roster.missing_field' }]);
  });

  test('ORG-2 session dates are required', () => {
    const files = editTable(base, 'academicSessions.csv', (rows) => setCell(rows, 't-2026-1', 'endDate', ''));
    expect(whereBoth(files)).toEqual([{ file: 'academicSessions.csv', line: 3, code: 'roster.missing_field' }]);
  });

  test('ORG-2 an invalid date', () => {
    const files = editTable(base, 'academicSessions.csv', (rows) => setCell(rows, 'sy-2026', 'startDate', '2026-13-01'));
    const errs = errorsOf(parseOneRoster(files));
    expect(errs[0]).toMatchObject({ file: 'academicSessions.csv', line: 2, code: 'roster.invalid_date' });
    expect(errs[0]!.message.fr).toBe(
      'Ligne 2 de academicSessions.csv : la date de début « 2026-13-01 » (colonne startDate) n’est pas une date valide (format attendu : AAAA-MM-JJ).',
    );
    for (const bad of ['2027-02-29', '26-08-25', '2026/08/25', '25-08-2026', '2026-08-25T25:00:00Z', 'demain']) {
      const f = editTable(base, 'enrollments.csv', (rows) => setCell(rows, 'en-sci-st07', 'beginDate', bad));
      expect(where(parseOneRoster(f)), bad).toEqual([{ file: 'enrollments.csv', line: 11, code: 'roster.invalid_date' }]);
    }
  });

  test('ORG-2 an end date before the start date', () => {
    const files = editTable(base, 'academicSessions.csv', (rows) => setCell(rows, 't-2026-2', 'endDate', '2027-01-15'));
    expect(where(parseOneRoster(files))).toEqual([{ file: 'academicSessions.csv', line: 5, code: 'roster.invalid_date_range' }]);
    const enr = editTable(base, 'enrollments.csv', (rows) => setCell(rows, 'en-5a-st02', 'endDate', '2026-08-24'));
    expect(where(parseOneRoster(enr))).toEqual([{ file: 'enrollments.csv', line: 3, code: 'roster.invalid_date_range' }]);
  });

  test('ORG-2 unknown enum values: role, org type, session type, status, enabledUser', () => {
    const files = editTable(
      editTable(
        editTable(base, 'orgs.csv', (rows) => setCell(rows, 'dep-maths', 'type', 'division')),
        'academicSessions.csv',
        (rows) => setCell(rows, 'gp-2026-1a', 'type', 'quarter'),
      ),
      'users.csv',
      (rows) => {
        setCell(rows, 'st-02', 'role', 'pupil');
        setCell(rows, 'st-03', 'status', 'deleted');
        setCell(rows, 'st-06', 'enabledUser', 'peut-être');
      },
    );
    const errs = errorsOf(parseOneRoster(files));
    expect(errs.map((e) => [e.file, e.line, e.code])).toEqual([
      ['orgs.csv', 5, 'roster.invalid_value'],
      ['academicSessions.csv', 4, 'roster.invalid_value'],
      ['users.csv', 3, 'roster.invalid_value'],
      ['users.csv', 4, 'roster.invalid_value'],
      ['users.csv', 7, 'roster.invalid_value'],
    ]);
    expect(errs[2]!.message.fr).toContain('la valeur « pupil » n’est pas permise pour le rôle (colonne role). Valeurs acceptées : student, teacher');
    const enr = editTable(base, 'enrollments.csv', (rows) => setCell(rows, 'en-5a-te01', 'role', 'instructor'));
    expect(where(parseOneRoster(enr))).toEqual([{ file: 'enrollments.csv', line: 20, code: 'roster.invalid_value' }]);
  });

  test('ORG-2 a duplicate sourcedId in a file names both lines', () => {
    const files = editTable(base, 'users.csv', (rows) => setCell(rows, 'gu-02', 'sourcedId', 'st-07'));
    const errs = errorsOf(parseOneRoster(files));
    expect(errs[0]).toMatchObject({ file: 'users.csv', line: 13, code: 'roster.duplicate_id' });
    expect(errs[0]!.message.fr).toBe('Ligne 13 de users.csv : l’identifiant « st-07 » apparaît déjà à la ligne 8.');
    // gu-02 is now unknown: st-01 lists it.
    expect(errs.slice(1).map((e) => [e.line, e.code])).toEqual([[2, 'roster.unknown_reference']]);
    const cls = editTable(base, 'classes.csv', (rows) => {
      rows.push([...rows[1]!]);
    });
    expect(where(parseOneRoster(cls))).toEqual([{ file: 'classes.csv', line: 6, code: 'roster.duplicate_id' }]);
  });

  test('ORG-2 dangling references: school, term, course, parent session, orgs, agents, class and user of an enrollment', () => {
    let files = editTable(base, 'classes.csv', (rows) => {
      setCell(rows, 'cls-5a', 'schoolSourcedId', 'sch-inconnue');
      setCell(rows, 'cls-sec1-sci', 'termSourcedIds', 't-2026-1,t-2099');
      setCell(rows, 'cls-5b-math', 'courseSourcedId', 'crs-absent');
    });
    files = editTable(files, 'academicSessions.csv', (rows) => setCell(rows, 'gp-2026-1a', 'parentSourcedId', 't-absent'));
    files = editTable(files, 'users.csv', (rows) => {
      setCell(rows, 'st-02', 'orgSourcedIds', 'sch-vallee,sch-fantome');
      setCell(rows, 'gu-12', 'agentSourcedIds', 'st-09,st-99');
    });
    files = editTable(files, 'enrollments.csv', (rows) => {
      setCell(rows, 'en-hist-st06', 'classSourcedId', 'cls-absente');
      setCell(rows, 'en-hist-st07', 'userSourcedId', 'st-absent');
    });
    const errs = errorsOf(parseOneRoster(files));
    expect(errs.map((e) => [e.file, e.line, e.code])).toEqual([
      ['academicSessions.csv', 4, 'roster.unknown_reference'],
      ['classes.csv', 2, 'roster.unknown_reference'],
      ['classes.csv', 3, 'roster.unknown_reference'],
      ['classes.csv', 4, 'roster.unknown_reference'],
      ['users.csv', 3, 'roster.unknown_reference'],
      ['users.csv', 23, 'roster.unknown_reference'],
      ['enrollments.csv', 15, 'roster.unknown_reference'],
      ['enrollments.csv', 16, 'roster.unknown_reference'],
    ]);
    expect(errs[6]!.message.fr).toBe('Ligne 15 de enrollments.csv : la classe « cls-absente » (colonne classSourcedId) ne figure pas dans classes.csv.');
    expect(errs[5]!.message.en).toBe('Line 23 of users.csv: the linked person “st-99” (agentSourcedIds column) is not in users.csv.');
  });

  test('ORG-2 a reference to the wrong kind of thing: a class in a district, a teacher enrolled as a student', () => {
    let files = editTable(base, 'classes.csv', (rows) => setCell(rows, 'cls-5a', 'schoolSourcedId', 'd-bleuets'));
    expect(where(parseOneRoster(files))).toEqual([{ file: 'classes.csv', line: 2, code: 'roster.wrong_reference' }]);
    files = editTable(base, 'enrollments.csv', (rows) => {
      setCell(rows, 'en-5a-st01', 'userSourcedId', 'te-01');
      setCell(rows, 'en-5a-te01', 'userSourcedId', 'gu-01');
    });
    expect(where(parseOneRoster(files))).toEqual([
      { file: 'enrollments.csv', line: 2, code: 'roster.wrong_reference' },
      { file: 'enrollments.csv', line: 20, code: 'roster.wrong_reference' },
    ]);
  });

  test('ORG-2 a class whose terms belong to no school year', () => {
    const files = editTable(base, 'academicSessions.csv', (rows) => {
      rows.push(['t-ete', '', '', 'Camp d’été', 'term', '2027-07-02', '2027-08-15', '', '2027']);
    });
    const f2 = editTable(files, 'classes.csv', (rows) => setCell(rows, 'cls-sec1-hist', 'termSourcedIds', 't-ete'));
    const errs = errorsOf(parseOneRoster(f2));
    expect(errs.map((e) => [e.file, e.line, e.code])).toEqual([['classes.csv', 5, 'roster.unresolved_term']]);
    expect(errs[0]!.message.fr).toContain('ne se rattache à une année scolaire');
    // Missing terms altogether.
    const f3 = editTable(base, 'classes.csv', (rows) => setCell(rows, 'cls-5a', 'termSourcedIds', ''));
    expect(where(parseOneRoster(f3))).toEqual([{ file: 'classes.csv', line: 2, code: 'roster.missing_field' }]);
  });

  test('ORG-2 a class without title needs its course: missing course file, missing course line', () => {
    const files = new Map(base);
    files.delete('courses.csv');
    expect(where(parseOneRoster(files))).toEqual([{ file: 'classes.csv', line: 3, code: 'roster.unknown_reference' }]);
    const noCourse = editTable(base, 'classes.csv', (rows) => setCell(rows, 'cls-5b-math', 'courseSourcedId', ''));
    expect(where(parseOneRoster(noCourse))).toEqual([{ file: 'classes.csv', line: 3, code: 'roster.missing_field' }]);
  });

  test('ORG-2 a line with too many or too few fields, all reported, with physical line numbers', () => {
    const text = base.get('users.csv')!.split('\n');
    text[4] = text[4] + ',extra';
    text[9] = text[9]!.split(',').slice(0, 5).join(',');
    const files = new Map(base).set('users.csv', text.join('\n'));
    const errs = errorsOf(parseOneRoster(files));
    expect(errs.map((e) => [e.file, e.line, e.code])).toEqual([
      ['users.csv', 5, 'roster.invalid_csv'],
      ['users.csv', 10, 'roster.invalid_csv'],
    ]);
    expect(errs[1]!.message.fr).toBe('Ligne 10 de users.csv : la ligne compte 5 champs alors que l’en-tête en annonce 18.');
    // csv-parse stops at the first one, on the same line.
    expect(where(parseOneRoster(files, { reader: 'csv-parse' }))).toEqual([{ file: 'users.csv', line: 5, code: 'roster.invalid_csv' }]);
  });

  test('ORG-2 a quote opened and never closed points at the line where it opens', () => {
    const text = base.get('enrollments.csv')!.replace('en-5a-st03,,,', 'en-5a-st03,"oops,,');
    const files = new Map(base).set('enrollments.csv', text);
    expect(where(parseOneRoster(files))).toEqual([{ file: 'enrollments.csv', line: 4, code: 'roster.invalid_csv' }]);
  });

  test('ORG-2 a file that is not UTF-8 (Windows-1252 export)', () => {
    const latin1 = Buffer.from(base.get('orgs.csv')!, 'latin1');
    const files = new Map<string, string | Buffer>(base).set('orgs.csv', latin1);
    expect(where(parseOneRoster(files))).toEqual([{ file: 'orgs.csv', line: null, code: 'roster.invalid_encoding' }]);
  });

  test('ORG-2 line numbers count the physical lines of multi-line fields and blank lines, with LF or CRLF', () => {
    for (const eol of ['\n', '\r\n'] as const) {
      let files = editTable(
        base,
        'users.csv',
        (rows) => {
          setCell(rows, 'st-02', 'password', 'ligne 1\nligne 2\nligne 3'); // users.csv line 3, spans 3 lines
          setCell(rows, 'st-06', 'givenName', '');
        },
        { eol, bom: true, quoteAll: eol === '\r\n' },
      );
      // st-06 is line 7 in the base file; two extra physical lines before it, plus one blank line.
      files = new Map(files).set('users.csv', files.get('users.csv')!.replace(`${eol}st-04`, `${eol}${eol}st-04`).replace(`${eol}"st-04"`, `${eol}${eol}"st-04"`));
      expect(whereBoth(files), JSON.stringify(eol)).toEqual([{ file: 'users.csv', line: 10, code: 'roster.missing_field' }]);
    }
  });

  test('ORG-2 errors across several files are all reported in one pass', () => {
    let files = editTable(base, 'orgs.csv', (rows) => setCell(rows, 'dep-maths', 'type', 'dept'));
    files = editTable(files, 'users.csv', (rows) => setCell(rows, 'st-10', 'familyName', ''));
    files = editTable(files, 'enrollments.csv', (rows) => setCell(rows, 'en-hist-st10', 'endDate', '2027-06-31'));
    expect(whereBoth(files)).toEqual([
      { file: 'orgs.csv', line: 5, code: 'roster.invalid_value' },
      { file: 'users.csv', line: 11, code: 'roster.missing_field' },
      { file: 'enrollments.csv', line: 19, code: 'roster.invalid_date' },
    ]);
  });

  test('ORG-2 errors stop at 200, then say there are more', () => {
    const files = editTable(base, 'enrollments.csv', (rows) => {
      for (let i = 0; i < 300; i++) rows.push([`en-x-${i}`, '', '', 'cls-5a', 'sch-vallee', `st-nobody-${i}`, 'student', 'false', '', '']);
    });
    const errs = errorsOf(parseOneRoster(files));
    expect(errs).toHaveLength(201);
    expect(errs[199]).toMatchObject({ file: 'enrollments.csv', line: 224, code: 'roster.unknown_reference' });
    expect(errs[200]).toMatchObject({ file: 'enrollments.csv', line: null, code: 'roster.too_many_errors' });
  });
});

describe('ORG-2 readers and values', () => {
  test('ORG-2 the fast tokenizer and csv-parse read every variant the same way', () => {
    const variants: FileSet[] = [
      base,
      restyle(base, { bom: true, eol: '\r\n', quoteAll: true, finalNewline: false }),
      restyle(base, { eol: '\r\n' }),
      withVendorColumnsAndShuffledOrder(base),
      editTable(base, 'classes.csv', (rows) => setCell(rows, 'cls-5a', 'location', 'a "b"\r\nc,d'), { eol: '\r\n' }),
    ];
    for (const v of variants) expect(ok(v, 'csv-parse')).toEqual(ok(v));
  });

  test('ORG-2 the tokenizer declines what it does not handle, so csv-parse decides', () => {
    expect(tokenizeCsv('a,b\rc,d')).toBeNull(); // lone CR
    expect(tokenizeCsv('a,"b"x\n')).toBeNull(); // text after a closing quote
    expect(tokenizeCsv('a,b"c\n')).toBeNull(); // quote inside an unquoted field
    expect(tokenizeCsv('a,"b\n')).toBeNull(); // unclosed
    expect(tokenizeCsv('\ufeffa,"b ""q"""\r\n\r\n1,\r\n')).toEqual({ records: [['a', 'b "q"'], ['1', '']], lines: [1, 3] });
  });

  test('ORG-2 dates and multi-valued cells', () => {
    expect(parseRosterDate('2028-02-29')).toBe('2028-02-29');
    expect(parseRosterDate('2100-02-29')).toBeNull();
    expect(parseRosterDate('2026-08-25T00:00:00.000+00:00')).toBe('2026-08-25');
    expect(parseRosterDate(' 2026-08-25 ')).toBe('2026-08-25');
    expect(splitMulti('a, b,,a ,c')).toEqual(['a', 'b', 'c']);
    expect(splitMulti('')).toEqual([]);
  });

  test('ORG-2 writeTable helpers round-trip (fixture sanity)', () => {
    const rows = readTable(base.get('users.csv')!);
    expect(readTable(writeTable(rows, { quoteAll: true, eol: '\r\n', bom: true }))).toEqual(rows);
    expect(col(rows, rows[1]!, 'givenName')).toBe('Léa');
    expect(removeRows(rows, (r) => r[0] === 'st-01')).toHaveLength(rows.length - 1);
  });
});
