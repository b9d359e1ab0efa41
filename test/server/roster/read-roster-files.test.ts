import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseOneRoster } from '../../../src/domain/roster/parse-oneroster.ts';
import { readRosterSource, RosterSourceError, sourceOfPaths, type RosterSource } from '../../../src/server/roster/read-roster-files.ts';
import { BASE_DIR, loadBaseSet, makeZip } from '../../fixtures/oneroster/fixture-set.ts';

const base = loadBaseSet();

describe('ORG-2 reading an export from disk: a folder, a .zip or the .csv files', () => {
  const expected = parseOneRoster(base);
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-read-roster-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const zipFile = (name: string, zip: Buffer): RosterSource => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, zip);
    return { kind: 'zip', name, path: file };
  };

  async function sourceError(p: Promise<unknown>) {
    try {
      await p;
    } catch (err) {
      if (err instanceof RosterSourceError) return err.error;
      throw err;
    }
    throw new Error('expected the source to be refused');
  }

  test('ORG-2 a .zip with its files in a folder, names in any case, and Mac junk reads like the folder', async () => {
    const zip = makeZip([
      { name: 'export-2026/', data: '' },
      ...[...base].map(([name, text]) => ({ name: `export-2026/${name === 'users.csv' ? 'Users.CSV' : name}`, data: text })),
      { name: '__MACOSX/export-2026/._users.csv', data: 'junk' },
      { name: 'export-2026/LISEZMOI.txt', data: 'hello' },
    ]);
    const files = await readRosterSource(zipFile('export.zip', zip));
    expect([...files.keys()].sort()).toEqual([...base.keys()].map((k) => (k === 'users.csv' ? 'Users.CSV' : k)).sort());
    expect(parseOneRoster(files)).toEqual(expected);
    expect(parseOneRoster(await readRosterSource({ kind: 'folder', path: BASE_DIR }))).toEqual(expected);
  });

  test('ORG-2 a .zip that would expand past 2 GB is refused before anything is inflated', async () => {
    const zip = makeZip([
      { name: 'users.csv', data: 'a', declaredSize: 1_500_000_000 },
      { name: 'enrollments.csv', data: 'b', declaredSize: 1_500_000_000 },
    ]);
    expect(await sourceError(readRosterSource(zipFile('bombe.zip', zip)))).toMatchObject({ file: 'bombe.zip', line: null, code: 'roster.invalid_zip' });
  });

  test('ORG-2 a .zip entry larger than it says, a damaged archive, a file twice', async () => {
    const liar = makeZip([{ name: 'users.csv', data: 'x'.repeat(100_000), declaredSize: 10 }]);
    expect(await sourceError(readRosterSource(zipFile('a.zip', liar)))).toMatchObject({ code: 'roster.invalid_zip' });
    expect(await sourceError(readRosterSource(zipFile('b.zip', Buffer.from('PK not really a zip'))))).toMatchObject({ file: 'b.zip', code: 'roster.invalid_zip' });
    const twice = makeZip([
      { name: 'a/users.csv', data: base.get('users.csv')! },
      { name: 'b/users.csv', data: base.get('users.csv')! },
    ]);
    expect(await sourceError(readRosterSource(zipFile('c.zip', twice)))).toMatchObject({ file: 'users.csv', code: 'roster.duplicate_file' });
  });

  test('ORG-2 B8 reading counts the files as it goes', async () => {
    const seen: [number, number][] = [];
    await readRosterSource({ kind: 'folder', path: BASE_DIR }, (read, total) => seen.push([read, total]));
    const total = fs.readdirSync(BASE_DIR).filter((f) => f.endsWith('.csv')).length;
    expect(seen[0]).toEqual([0, total]);
    expect(seen.at(-1)).toEqual([total, total]);
  });

  test('ORG-2 B3 the CLI’s paths: a folder, a .zip, several .csv files; anything else is refused saying what to give', async () => {
    const csvs = [...base.keys()].map((name) => path.join(BASE_DIR, name));
    expect(await sourceOfPaths('oneroster', [BASE_DIR])).toEqual({ kind: 'folder', path: BASE_DIR });
    expect(await sourceOfPaths('oneroster', csvs)).toEqual({ kind: 'files', files: [...base.keys()].map((name) => ({ name, path: path.join(BASE_DIR, name) })) });
    const zip = zipFile('export.zip', makeZip([{ name: 'users.csv', data: 'x' }]));
    expect(await sourceOfPaths('oneroster', [(zip as { path: string }).path])).toMatchObject({ kind: 'zip', name: 'export.zip' });
    const mixed = await sourceOfPaths('oneroster', [BASE_DIR, csvs[0]!]);
    expect(mixed).toMatchObject({ kind: 'refused', error: { code: 'roster.invalid_zip' } });
    expect(await sourceOfPaths('csv', [BASE_DIR])).toMatchObject({ kind: 'refused', error: { code: 'roster.plain_one_file' } });
    await expect(sourceOfPaths('oneroster', [path.join(dir, 'absent')])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
