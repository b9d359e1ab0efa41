import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { openDatabase, migrateToLatest } from '../src/db/database.ts';
import { SQLITE_IMPORT_CACHE_KIB } from '../src/db/roster/sqlite-import-cache.ts';
import { startImportRun } from '../src/db/roster/import-runs.ts';
import { parseOneRoster } from '../src/domain/roster/parse-oneroster.ts';
import { startingProgress } from '../src/domain/roster/import-progress.ts';
import { applyRoster } from '../src/server/roster/apply-roster.ts';
import { readRosterSource } from '../src/server/roster/read-roster-files.ts';
import { ImportProgressTracker } from '../src/server/roster/import-progress.ts';
import { consoleCall } from '../src/server/access/call.ts';
import { generateOneRosterSet } from './generate-oneroster.ts';

/**
 * ORG-2 import benchmark. Generates a OneRoster set, imports it into a fresh SQLite file through
 * the real path (read files + parse + applyRoster, one transaction, its progress followed), then inserts exactly the same
 * rows (every row the import wrote, audit rows included) into another fresh file with
 * better-sqlite3 prepared statements in one transaction — the fastest plain way to write them —
 * with the same pragmas (WAL, synchronous NORMAL, foreign keys, and the import's page cache).
 * ratio = rawSeconds / importSeconds: the import's rate as a fraction of the raw rate.
 */
export interface ImportBenchResult {
  importSeconds: number;
  rawSeconds: number;
  rows: number;
  ratio: number;
  readSeconds: number;
  parseSeconds: number;
  applySeconds: number;
  generateSeconds: number;
}

/** Tables the import writes, in foreign-key order. */
const TABLES = ['school', 'school_year', 'class_group', 'person', 'enrollment', 'guardian_link', 'role_assignment', 'import_run', 'audit_log', 'audit_subject_set', 'audit_entry_subjects'] as const;

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export async function runImportBench(opts: { students: number; guardians: number; log?: (line: string) => void }): Promise<ImportBenchResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-import-bench-'));
  try {
    let t = performance.now();
    const gen = generateOneRosterSet(path.join(dir, 'set'), { students: opts.students, guardians: opts.guardians });
    const generateSeconds = seconds(t);
    const bytes = fs.readdirSync(gen.dir).reduce((n, f) => n + fs.statSync(path.join(gen.dir, f)).size, 0);
    log(`set: ${JSON.stringify(gen.counts)} (${(bytes / 1e6).toFixed(0)} MB, generated in ${generateSeconds.toFixed(1)} s)`);

    // ---------------------------------------------------------------- the real path
    const importFile = path.join(dir, 'import.sqlite');
    const db = openDatabase({ dialect: 'sqlite', file: importFile });
    await migrateToLatest(db);
    const boardId = randomUUID();
    const board = { id: boardId, name: 'Banc d’essai', legal_profile: 'qc' as const, default_locale: 'fr' as const, source_id: null, created_at: new Date().toISOString() };
    await db.kysely.insertInto('board').values(board).execute();

    const runId = randomUUID();
    await startImportRun(db.kysely, { id: runId, boardId, format: 'oneroster', actorId: null, sourceLabel: 'bench', at: new Date().toISOString(), progress: startingProgress() });
    const progress = new ImportProgressTracker(() => {});

    const t0 = performance.now();
    const files = await readRosterSource({ kind: 'folder', path: gen.dir }, (filesRead, filesTotal) => progress.advance({ filesRead, filesTotal }));
    const readSeconds = seconds(t0);
    t = performance.now();
    const parsed = parseOneRoster(files);
    const parseSeconds = seconds(t);
    if (!parsed.ok) throw new Error(`generated set rejected: ${parsed.errors.slice(0, 5).map((e) => e.message.en).join('; ')}`);
    t = performance.now();
    const result = await applyRoster(db.kysely, consoleCall, { boardId, runId, set: parsed.set, sourceLabel: 'bench', confirmEnding: false, warnings: [] }, progress);
    if (!result.applied) throw new Error('the generated set was held');
    const applySeconds = seconds(t);
    const importSeconds = seconds(t0);
    log(`import: ${importSeconds.toFixed(2)} s (read ${readSeconds.toFixed(2)} s, parse ${parseSeconds.toFixed(2)} s, write ${applySeconds.toFixed(2)} s)`);
    log(`counts: ${JSON.stringify(result.counts)}`);

    // Every row the import wrote, read back (not timed).
    const rowsByTable = new Map<string, Record<string, unknown>[]>();
    for (const table of TABLES) rowsByTable.set(table, (await db.kysely.selectFrom(table).selectAll().execute()) as Record<string, unknown>[]);
    await db.close();
    const rows = [...rowsByTable.values()].reduce((n, r) => n + r.length, 0);

    // ---------------------------------------------------------------- raw baseline
    const rawFile = path.join(dir, 'raw.sqlite');
    const schemaDb = openDatabase({ dialect: 'sqlite', file: rawFile });
    await migrateToLatest(schemaDb);
    await schemaDb.kysely.insertInto('board').values(board).execute();
    await schemaDb.close();
    const raw = new SQLite(rawFile);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    // The same page cache the import gives itself, so only the way of writing differs.
    raw.pragma(`cache_size = -${SQLITE_IMPORT_CACHE_KIB}`);
    const statements = TABLES.map((table) => {
      const sample = rowsByTable.get(table)![0];
      if (!sample) return null;
      const cols = Object.keys(sample);
      const stmt = raw.prepare(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
      return { table, cols, stmt };
    });
    t = performance.now();
    raw.transaction(() => {
      for (const s of statements) {
        if (!s) continue;
        for (const row of rowsByTable.get(s.table)!) s.stmt.run(s.cols.map((c) => row[c]));
      }
    })();
    const rawSeconds = seconds(t);
    raw.close();

    const ratio = rawSeconds / importSeconds;
    log(`raw: ${rawSeconds.toFixed(2)} s for the same ${rows} rows`);
    log(`ratio (import rate / raw rate): ${(ratio * 100).toFixed(0)} %`);
    return { importSeconds, rawSeconds, rows, ratio, readSeconds, parseSeconds, applySeconds, generateSeconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const students = Number(process.argv[2] ?? 250_000);
  const guardians = Number(process.argv[3] ?? 500_000);
  const r = await runImportBench({ students, guardians });
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
