import { randomUUID } from 'node:crypto';
import type { Db, DatabaseTarget } from '../../db/database.ts';
import type { RosterFormat } from '../../db/schema.ts';
import type { AuditLog } from '../../db/audit/audit-log.ts';
import { boardHoldsDemoData } from '../../db/demo/demo-data.ts';
import { failRunningImport, startImportRun } from '../../db/roster/import-runs.ts';
import { rules } from '../../domain/access/rules.ts';
import { startingProgress, type ImportProgress } from '../../domain/roster/import-progress.ts';
import { authorize, type Call } from '../access/call.ts';
import { recordAuditIn } from '../audit/audit-trail.ts';
import { ApiError } from '../http/api-error.ts';
import { boardTarget } from '../org/targets.ts';
import { runRosterImportInWorker } from './import-in-worker.ts';
import { ImportProgressTracker, ProgressRow, type RunningImports } from './import-progress.ts';
import type { RosterSource } from './read-roster-files.ts';
import { failedImportNote, runRosterImport, type ImportRosterOutcome, type RosterImportJob } from './run-roster-import.ts';

export interface ImportRosterDeps {
  db: Db;
  audit: AuditLog;
  boardId: string;
  /** The server runs each import in a thread of its own, on this database; the CLI runs it in its own thread (null). */
  worker: { database: DatabaseTarget } | null;
  /** Where the server keeps the progress of the imports it runs (the page polls it). */
  running?: RunningImports;
}

export interface ImportRosterInput {
  format: RosterFormat;
  /**
   * What to import, and how the import history names it (`web:<file names>`, `cli:<paths>`):
   * received only once the caller is allowed to import, so nobody else's upload is ever stored.
   */
  receive(): Promise<{ source: RosterSource; sourceLabel: string }>;
  /** The privacy officer saw what this import ends and confirmed it (issue 16 B2). */
  confirmEnding: boolean;
  onProgress?: (p: ImportProgress) => void;
}

/** An import under way: its run is recorded (its progress can be followed); its outcome comes later. */
export interface StartedImport {
  importRunId: string;
  outcome: Promise<ImportRosterOutcome>;
}

/**
 * The privacy officer imports the board's roster (ORG-2, rule roster.import), from the web or
 * the CLI (a call without actor: the board's administrator at the console). Refused while the
 * board holds the demonstration data (issue 16 B1). The run is recorded before the files are read,
 * so its phase and progress can be followed (B8); an import that breaks is recorded as failed.
 */
export async function importRoster(deps: ImportRosterDeps, call: Call, input: ImportRosterInput): Promise<StartedImport> {
  if (call.actor) await authorize(deps.audit, { ...call, actor: call.actor }, rules.importRoster, boardTarget(deps.boardId));
  const { source, sourceLabel } = await input.receive();
  if (await boardHoldsDemoData(deps.db.kysely, deps.boardId)) throw new ApiError(409, 'roster.demo_present');
  const job: RosterImportJob = { boardId: deps.boardId, runId: randomUUID(), format: input.format, source, sourceLabel, confirmEnding: input.confirmEnding, call };
  const progress = startingProgress();
  await startImportRun(deps.db.kysely, { id: job.runId, boardId: job.boardId, format: job.format, actorId: call.actor?.personId ?? null, sourceLabel: job.sourceLabel, at: new Date().toISOString(), progress });
  deps.running?.update(job.runId, progress);
  const onProgress = (p: ImportProgress) => {
    deps.running?.update(job.runId, p);
    input.onProgress?.(p);
  };
  const outcome = run(deps, job, onProgress)
    .catch((err: unknown) => recordBroken(deps, job, err))
    .finally(() => deps.running?.finished(job.runId));
  return { importRunId: job.runId, outcome };
}

function run(deps: ImportRosterDeps, job: RosterImportJob, onProgress: (p: ImportProgress) => void): Promise<ImportRosterOutcome> {
  if (deps.worker) return runRosterImportInWorker(deps.worker.database, job, onProgress);
  return runRosterImport(deps.db, job, new ImportProgressTracker(onProgress, ProgressRow.for(deps.db, job.runId)));
}

/** An import that broke (a full disk, a database gone) wrote nothing: its run says it failed, then the error goes on. */
async function recordBroken(deps: ImportRosterDeps, job: RosterImportJob, err: unknown): Promise<never> {
  const at = new Date().toISOString();
  await deps.db.kysely
    .transaction()
    .execute(async (trx) => {
      if (!(await failRunningImport(trx, job.runId, at))) return;
      await recordAuditIn(trx, job.call, failedImportNote(job, { error: (err as Error).name ?? 'Error' }));
    })
    // The database may be what broke: the original error is the one to report.
    .catch(() => undefined);
  throw err;
}
