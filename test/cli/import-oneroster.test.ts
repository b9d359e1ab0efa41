import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { importRosterCommand } from '../../src/cli/import-roster.ts';
import { BASE_DIR, editTable, loadBaseSet, makeZip, readTable, setCell, writeTable, type FileSet } from '../fixtures/oneroster/fixture-set.ts';

const base = loadBaseSet();
const SLOW = { timeout: 60_000 };
/** No output line has two colons in a row, with or without a space between (issue 16 B4). */
const doubledColon = /:\s*:/;

describe('ORG-2 `balise import oneroster <folder|file.zip|files.csv…>`', () => {
  let dir: string;
  let target: { dialect: 'sqlite'; file: string };
  const lines: string[] = [];
  const out = (l: string) => lines.push(l);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-cli-oneroster-'));
    target = { dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') };
    lines.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function newBoard(opts: { demo?: boolean } = {}) {
    const db = openDatabase(target);
    await migrateToLatest(db);
    const at = new Date().toISOString();
    await db.kysely.insertInto('board').values({ id: randomUUID(), name: 'CSS', legal_profile: 'qc', default_locale: 'fr', source_id: null, created_at: at, demo_seeded_at: opts.demo ? at : null }).execute();
    await db.close();
  }

  const runsOf = async () => {
    const db = openDatabase(target);
    try {
      return await db.kysely.selectFrom('import_run').select(['status', 'source_label']).orderBy('started_at').execute();
    } finally {
      await db.close();
    }
  };

  const writeSet = (name: string, files: FileSet) => {
    const folder = path.join(dir, name);
    fs.mkdirSync(folder);
    for (const [file, text] of files) fs.writeFileSync(path.join(folder, file), text);
    return folder;
  };

  test('ORG-2 the CLI imports a folder or a .zip, and prints each error as file:line: message', SLOW, async () => {
    expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out)).toBe(1);
    expect(lines).toEqual(['Aucun conseil scolaire : lancez d’abord `npm start`. / No school board yet: run `npm start` first.']);
    await newBoard();

    lines.length = 0;
    expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out)).toBe(0);
    expect(lines).toContain('Personnes : ajouts 27, mises à jour 0, fins 0, sans changement 0 / People: created 27, updated 0, ended 0, unchanged 0');

    const bad = editTable(base, 'enrollments.csv', (rows) => setCell(rows, 'en-5a-st03', 'beginDate', '2026-02-30'));
    const zipPath = path.join(dir, 'export.zip');
    fs.writeFileSync(zipPath, makeZip([...bad].map(([name, data]) => ({ name, data }))));
    lines.length = 0;
    expect(await importRosterCommand(target, 'oneroster', zipPath, out)).toBe(1);
    expect(lines[1]).toMatch(/^enrollments\.csv:4: Ligne 4 de enrollments\.csv : la date de début « 2026-02-30 » \(colonne beginDate\) n’est pas une date valide/);
    expect(lines[1]).toContain(' / Line 4 of enrollments.csv: the start date “2026-02-30” (beginDate column) is not a valid date');
    expect((await runsOf()).map((r) => r.status)).toEqual(['succeeded', 'failed']);
    expect((await runsOf())[1]!.source_label).toBe('cli:export.zip');
  });

  test('ORG-2 B3 the .csv files themselves are accepted, several paths at once, as the README says', SLOW, async () => {
    await newBoard();
    const csvs = [...base.keys()].map((name) => path.join(BASE_DIR, name));
    expect(await importRosterCommand(target, 'oneroster', csvs, out)).toBe(0);
    expect(lines).toContain('Personnes : ajouts 27, mises à jour 0, fins 0, sans changement 0 / People: created 27, updated 0, ended 0, unchanged 0');
    expect((await runsOf())[0]!.source_label).toMatch(/^cli:.*users\.csv/);
  });

  test('ORG-2 B3 the parser’s warnings are printed with the result, file:line first', SLOW, async () => {
    await newBoard();
    const repeated = editTable(base, 'enrollments.csv', (rows) => {
      const first = rows.find((r) => r[0] === 'en-5a-st01')!;
      rows.push(['en-5a-st01-bis', ...first.slice(1)]);
    });
    expect(await importRosterCommand(target, 'oneroster', writeSet('double', repeated), out)).toBe(0);
    expect(lines[0]).toMatch(/^Avertissement — enrollments\.csv:\d+: .*en-5a-st01-bis.* \/ .*en-5a-st01-bis/);
    expect(lines[1]).toMatch(/^Import réussi/);
  });

  test('ORG-2 B2 an export with headers and no rows is held, saying what it would end; --confirm-ending lets it through', SLOW, async () => {
    await newBoard();
    expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out)).toBe(0);
    const empty = writeSet('vide', new Map([...base].map(([name, text]) => [name, name === 'manifest.csv' ? text : writeTable([readTable(text)[0]!])])));
    lines.length = 0;
    expect(await importRosterCommand(target, 'oneroster', empty, out)).toBe(1);
    expect(lines[0]).toMatch(/^Import suspendu, rien n’a été enregistré : il mettrait fin à plus de 10 % de ce que compte le conseil\. \/ Import on hold/);
    expect(lines).toContain('  élève(s) : 10 sur 10 / student(s): 10 of 10');
    expect(lines).toContain('  lien(s) parent-élève : 13 sur 13 / guardian link(s): 13 of 13');
    expect(lines.some((l) => /^ {4}- Léa Tremblay \(st-01\)$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/relancez avec --confirm-ending/);
    lines.length = 0;
    expect(await importRosterCommand(target, 'oneroster', empty, out, { confirmEnding: true })).toBe(0);
    expect(lines).toContain('Personnes : ajouts 0, mises à jour 0, fins 27, sans changement 0 / People: created 0, updated 0, ended 27, unchanged 0');
    expect((await runsOf()).map((r) => r.status)).toEqual(['succeeded', 'held', 'succeeded']);
  });

  test('ORG-2 B1 a board holding the demonstration data takes no roster: the CLI says how to remove it', SLOW, async () => {
    await newBoard({ demo: true });
    expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out)).toBe(1);
    expect(lines).toEqual([expect.stringContaining('npx balise demo remove')]);
    expect(await runsOf()).toEqual([]);
  });

  test('ORG-2 B8 progress goes to the progress line when there is one: reading, checking, writing, then cleared', SLOW, async () => {
    await newBoard();
    const progress: string[] = [];
    expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out, { progress: (t) => progress.push(t) })).toBe(0);
    expect(progress.some((t) => t.startsWith('Lecture des fichiers'))).toBe(true);
    expect(progress.some((t) => t.startsWith('Vérification'))).toBe(true);
    expect(progress.some((t) => t.startsWith('Écriture'))).toBe(true);
    expect(progress.at(-1)).toBe('');
    expect(lines.join('\n')).not.toMatch(/Lecture des fichiers|Écriture/);
  });

  test('B4 no output line has a doubled colon: success, refusals naming a whole file, a missing path, a refused path', SLOW, async () => {
    await newBoard();
    expect(await importRosterCommand(target, 'oneroster', BASE_DIR, out)).toBe(0);
    const withoutUsers = new Map([...base].filter(([name]) => name !== 'users.csv'));
    expect(await importRosterCommand(target, 'oneroster', writeSet('sans-users', withoutUsers), out)).toBe(1);
    expect(lines.at(-1)).toMatch(/^users\.csv: \S/);
    expect(await importRosterCommand(target, 'oneroster', path.join(dir, 'absent'), out)).toBe(1);
    expect(await importRosterCommand(target, 'oneroster', [BASE_DIR, path.join(BASE_DIR, 'users.csv')], out)).toBe(1);
    expect(lines.length).toBeGreaterThan(12);
    expect(lines.filter((l) => doubledColon.test(l))).toEqual([]);
  });
});
