import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ImportRunTable, RosterFormat } from '../schema.ts';
import { emptyRosterCounts, type RosterCounts } from '../../domain/roster/oneroster-types.ts';
import type { ImportProgress } from '../../domain/roster/import-progress.ts';
import type { RosterHold } from '../../domain/roster/import-hold.ts';

/**
 * The record of each roster import (ORG-2, issue 16 B8): made when the import starts, so its
 * phase and progress can be followed, and finished with its outcome — succeeded (counts),
 * failed (every error), held (what it would have ended) — and the parser's warnings.
 */
type Db = Kysely<Database> | Transaction<Database>;

export async function startImportRun(
  db: Db,
  run: { id: string; boardId: string; format: RosterFormat; actorId: string | null; sourceLabel: string; at: string; progress: ImportProgress },
): Promise<void> {
  await db
    .insertInto('import_run')
    .values({
      id: run.id,
      board_id: run.boardId,
      kind: run.format,
      actor_id: run.actorId,
      source_label: run.sourceLabel,
      status: 'running',
      counts: JSON.stringify(emptyRosterCounts()),
      errors: '[]',
      started_at: run.at,
      // Replaced when the run finishes; while it runs, its status says so.
      finished_at: run.at,
      phase: run.progress.phase,
      progress: JSON.stringify(run.progress),
    })
    .execute();
}

/** Where a running import is; a run already finished is left as it ended. */
export async function recordImportProgress(db: Db, runId: string, progress: ImportProgress): Promise<void> {
  await db
    .updateTable('import_run')
    .set({ phase: progress.phase, progress: JSON.stringify(progress) })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .execute();
}

export interface FinishedRun {
  status: 'succeeded' | 'failed' | 'held';
  progress: ImportProgress;
  at: string;
  counts?: RosterCounts;
  errors?: readonly unknown[];
  warnings?: readonly unknown[];
  hold?: RosterHold | null;
  restrictionsCarried?: number;
}

export async function finishImportRun(db: Db, runId: string, run: FinishedRun): Promise<void> {
  await db
    .updateTable('import_run')
    .set({
      status: run.status,
      finished_at: run.at,
      phase: 'done',
      progress: JSON.stringify(run.progress),
      counts: JSON.stringify(run.counts ?? emptyRosterCounts()),
      errors: JSON.stringify(run.errors ?? []),
      warnings: JSON.stringify(run.warnings ?? []),
      hold: run.hold ? JSON.stringify(run.hold) : null,
      restrictions_carried: run.restrictionsCarried ?? 0,
    })
    .where('id', '=', runId)
    .execute();
}

/** A run that broke while running is failed; one that had finished keeps its outcome. Whether it was running. */
export async function failRunningImport(db: Db, runId: string, at: string): Promise<boolean> {
  const r = await db.updateTable('import_run').set({ status: 'failed', phase: 'done', finished_at: at }).where('id', '=', runId).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Marks failed, with `errors`, the runs of the board the server started for a signed-in person
 * (the administration page) before `startedBefore` that are still running: a server that stopped
 * mid-import can never finish them. The console's imports (no actor) run in the CLI's own process,
 * which a restart of the server does not stop: they are left as they are. Returns the runs failed.
 */
export async function failImportsStartedBefore(
  db: Db,
  boardId: string,
  run: { startedBefore: string; errors: readonly unknown[]; at: string },
): Promise<{ runId: string; sourceLabel: string }[]> {
  return db
    .updateTable('import_run')
    .set({ status: 'failed', phase: 'done', finished_at: run.at, errors: JSON.stringify(run.errors) })
    .where('board_id', '=', boardId)
    .where('status', '=', 'running')
    .where('actor_id', 'is not', null)
    .where('started_at', '<', run.startedBefore)
    .returning(['id as runId', 'source_label as sourceLabel'])
    .execute();
}

export type ImportRunRow = Selectable<ImportRunTable>;

/** One run of the board, read fresh; null when the board has no such run. */
export async function findImportRun(db: Db, boardId: string, runId: string): Promise<ImportRunRow | null> {
  return (await db.selectFrom('import_run').selectAll().where('board_id', '=', boardId).where('id', '=', runId).executeTakeFirst()) ?? null;
}
