import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { BASE_DIR } from '../fixtures/oneroster/fixture-set.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BALISE = path.join(ROOT, 'bin/balise.mjs');
const SLOW = { timeout: 90_000 };
const CSV =
  'ecole,annee_scolaire,groupe,eleve_id,eleve_prenom,eleve_nom\n' +
  'École des Pins,2026-2027,5B,P-1001,Alice,Morin\n' +
  'École des Pins,2026-2027,5B,P-1002,Bruno,Morin\n';

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs a shell command line with the board's environment; `closeStdout` closes our end of its output at once. */
function run(command: string, env: Record<string, string>, opts: { closeStdout?: boolean } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (opts.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('B4 B8 the `balise` command’s output', () => {
  let dir: string;
  let env: Record<string, string>;
  let csv: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-cli-output-'));
    const file = path.join(dir, 'balise.sqlite');
    env = { BALISE_DATA_DIR: dir, DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent' };
    const db = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(db);
    await db.kysely.insertInto('board').values({ id: randomUUID(), name: 'CSS', legal_profile: 'qc', default_locale: 'fr', source_id: null, created_at: new Date().toISOString() }).execute();
    await db.close();
    csv = path.join(dir, 'eleves.csv');
    fs.writeFileSync(csv, CSV);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runs = async () => {
    const db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') });
    try {
      return (await db.kysely.selectFrom('import_run').select('status').execute()).map((r) => r.status);
    } finally {
      await db.close();
    }
  };

  test('B4 `balise import csv x.csv | head -1` prints one line, and the command ends well: no EPIPE, the import is done', SLOW, async () => {
    const r = await run(`set -o pipefail; node ${BALISE} import csv ${csv} | head -1`, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Import réussi \([0-9a-f-]{36}\)\. \/ Import succeeded \([0-9a-f-]{36}\)\.\n$/);
    expect(await runs()).toEqual(['succeeded']);
  });

  test('B4 a reader that closes before anything is written: no crash, exit code of the import, the import is done', SLOW, async () => {
    const r = await run(`node ${BALISE} import oneroster ${BASE_DIR}`, env, { closeStdout: true });
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
    expect(await runs()).toEqual(['succeeded']);
  });

  test('B8 piped, the output has no progress line; on a terminal, progress is shown as the import goes', SLOW, async () => {
    const piped = await run(`node ${BALISE} import oneroster ${BASE_DIR} | cat`, env);
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toMatch(/\r|Lecture des fichiers|Vérification :|Écriture :/);
    expect(piped.stdout).toMatch(/^Import réussi/);
    // `script` gives the command a terminal of its own (a pseudo-terminal), as a person's shell would.
    const tty = await run(`script -qefc "node ${BALISE} import oneroster ${BASE_DIR}" /dev/null`, env);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/\r\x1b\[K(Lecture des fichiers|Vérification|Écriture)/);
    expect(tty.stdout).toMatch(/Import réussi/);
  });
});
