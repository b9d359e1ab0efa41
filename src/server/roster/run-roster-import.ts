import type { Db } from '../../db/database.ts';
import type { RosterFormat } from '../../db/schema.ts';
import { finishImportRun } from '../../db/roster/import-runs.ts';
import { parseOneRoster, type ParseOneRosterResult } from '../../domain/roster/parse-oneroster.ts';
import { parsePlainRoster } from '../../domain/roster/parse-plain-roster.ts';
import { rosterErrors, type RosterError } from '../../domain/roster/roster-error.ts';
import type { RosterWarning } from '../../domain/roster/roster-warning.ts';
import type { RosterCounts } from '../../domain/roster/oneroster-types.ts';
import type { RosterHold } from '../../domain/roster/import-hold.ts';
import { dataRowsIn } from '../../domain/roster/import-progress.ts';
import type { Call } from '../access/call.ts';
import { recordAuditIn, type AuditNote } from '../audit/audit-trail.ts';
import { readRosterSource, RosterSourceError, type RosterSource } from './read-roster-files.ts';
import { applyRoster } from './apply-roster.ts';
import type { ImportProgressTracker } from './import-progress.ts';

/** One roster import as its thread runs it: everything it needs, none of it shared memory. */
export interface RosterImportJob {
  boardId: string;
  runId: string;
  format: RosterFormat;
  source: RosterSource;
  sourceLabel: string;
  confirmEnding: boolean;
  call: Call;
}

export type ImportRosterOutcome =
  | { status: 'succeeded'; importRunId: string; counts: RosterCounts; restrictionsCarried: number; warnings: RosterWarning[] }
  | { status: 'failed'; importRunId: string; errors: RosterError[] }
  | { status: 'held'; importRunId: string; hold: RosterHold; warnings: RosterWarning[] };

/** A plain CSV roster is one file; a OneRoster export is a set of them. */
function parseRoster(format: RosterFormat, files: ReadonlyMap<string, Buffer>): ParseOneRosterResult {
  if (format === 'oneroster') return parseOneRoster(files);
  const only = [...files];
  if (only.length !== 1) return { ok: false, errors: [rosterErrors.plainNotOneFile(only.map(([name]) => name))] };
  const [name, data] = only[0]!;
  return parsePlainRoster(name, data);
}

/**
 * The one path every roster import takes (ORG-2), from the web or the CLI, whatever its format:
 * read the files, check the whole set, then write it in one transaction — or, if anything is
 * wrong, write nothing but the failed run and its audit entry, with every error (file and line).
 */
export async function runRosterImport(db: Db, job: RosterImportJob, progress: ImportProgressTracker): Promise<ImportRosterOutcome> {
  let files: Map<string, Buffer>;
  try {
    files = await readRosterSource(job.source, (filesRead, filesTotal) => progress.advance({ filesRead, filesTotal }));
  } catch (err) {
    if (err instanceof RosterSourceError) return recordFailure(db, job, [err.error], progress);
    throw err;
  }
  let rowsTotal = 0;
  for (const data of files.values()) rowsTotal += dataRowsIn(data);
  progress.phase('checking', { rowsTotal });
  const parsed = parseRoster(job.format, files);
  if (!parsed.ok) return recordFailure(db, job, parsed.errors, progress);
  progress.advance({ rowsChecked: rowsTotal });
  // The set holds what the import needs: the files' bytes can go before writing.
  files.clear();
  // What the privacy officer should know of an accepted roster (issue 16 B3): kept with the run.
  const warnings = parsed.warnings;
  const input = { boardId: job.boardId, runId: job.runId, set: parsed.set, sourceLabel: job.sourceLabel, confirmEnding: job.confirmEnding, warnings };
  const applied = await applyRoster(db.kysely, job.call, input, progress);
  if (!applied.applied) return { status: 'held', importRunId: job.runId, hold: applied.hold, warnings };
  return { status: 'succeeded', importRunId: job.runId, counts: applied.counts, restrictionsCarried: applied.restrictionsCarried.length, warnings };
}

/**
 * A refused import leaves a trace and nothing else: its run marked failed with its errors, and an
 * audit entry without subjects (no one's information was changed).
 */
async function recordFailure(db: Db, job: RosterImportJob, errors: RosterError[], progress: ImportProgressTracker): Promise<ImportRosterOutcome> {
  const codes: Record<string, number> = {};
  for (const e of errors) codes[e.code] = (codes[e.code] ?? 0) + 1;
  await progress.settled();
  await db.kysely.transaction().execute(async (trx) => {
    await finishImportRun(trx, job.runId, { status: 'failed', errors, progress: { ...progress.current(), phase: 'done' }, at: new Date().toISOString() });
    await recordAuditIn(trx, job.call, failedImportNote(job, { errorCount: errors.length, codes }));
  });
  return { status: 'failed', importRunId: job.runId, errors };
}

/** The audit entry of an import that failed, refused or broken: no one's information was changed, so no subjects. */
export function failedImportNote(run: { boardId: string; runId: string; sourceLabel: string }, details: Record<string, unknown>): AuditNote {
  return {
    action: 'roster.import',
    outcome: 'failed',
    scopeType: 'board',
    scopeId: run.boardId,
    subjectIds: [],
    targetType: 'import_run',
    targetId: run.runId,
    details: { source: run.sourceLabel, ...details },
  };
}
