import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { importRosterCommand } from '../../src/cli/import-roster.ts';

const GOOD =
  'ecole,annee_scolaire,groupe,eleve_id,eleve_prenom,eleve_nom\n' +
  'École des Pins,2026-2027,5B,P-1001,Alice,Morin\n' +
  'École des Pins,2026-2027,5B,P-1002,Bruno,Morin\n';

describe('ORG-2 `balise import csv <file>`', () => {
  let dir: string;
  let target: { dialect: 'sqlite'; file: string };
  const lines: string[] = [];
  const out = (l: string) => lines.push(l);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-cli-csv-'));
    target = { dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') };
    const db = openDatabase(target);
    await migrateToLatest(db);
    await db.kysely.insertInto('board').values({ id: randomUUID(), name: 'CSS', legal_profile: 'qc', default_locale: 'fr', source_id: null, created_at: new Date().toISOString() }).execute();
    await db.close();
    lines.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runsOf = async () => {
    const db = openDatabase(target);
    try {
      return await db.kysely.selectFrom('import_run').select(['kind', 'status', 'source_label']).orderBy('started_at').execute();
    } finally {
      await db.close();
    }
  };

  test('ORG-2 imports a plain CSV file and prints what changed, in French and English', async () => {
    fs.writeFileSync(path.join(dir, 'eleves.csv'), GOOD);
    expect(await importRosterCommand(target, 'csv', path.join(dir, 'eleves.csv'), out)).toBe(0);
    expect(lines).toContain('Personnes : ajouts 2, mises à jour 0, fins 0, sans changement 0 / People: created 2, updated 0, ended 0, unchanged 0');
    expect(await runsOf()).toEqual([{ kind: 'csv', status: 'succeeded', source_label: 'cli:eleves.csv' }]);
  });

  test('ORG-2 a bad line is printed as file:line: message and nothing is imported', async () => {
    fs.writeFileSync(path.join(dir, 'eleves.csv'), GOOD.replace('2026-2027,5B,P-1002', '2026-2028,5B,P-1002'));
    expect(await importRosterCommand(target, 'csv', path.join(dir, 'eleves.csv'), out)).toBe(1);
    expect(lines[0]).toMatch(/^Import refusé : 1 erreur\(s\), rien n’a été enregistré\./);
    expect(lines[1]).toMatch(/^eleves\.csv:3: Ligne 3 de eleves\.csv : /);
    expect(await runsOf()).toEqual([{ kind: 'csv', status: 'failed', source_label: 'cli:eleves.csv' }]);
  });

  test('ORG-2 a folder is not a plain CSV file: refused with a clear message', async () => {
    expect(await importRosterCommand(target, 'csv', dir, out)).toBe(1);
    expect(lines.join('\n')).toMatch(/un seul fichier \.csv/);
  });
});
