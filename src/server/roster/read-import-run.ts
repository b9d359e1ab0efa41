import type { AppContext } from '../app-context.ts';
import { findImportRun, type ImportRunRow } from '../../db/roster/import-runs.ts';
import { rules } from '../../domain/access/rules.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import { peopleNamedBy, type RosterHold } from '../../domain/roster/import-hold.ts';
import { startingProgress, type ImportProgress } from '../../domain/roster/import-progress.ts';
import type { ImportRun, ImportRunAnswer, RosterMessage } from '../../api/roster-imports.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { notFound } from '../http/api-error.ts';
import { boardTarget } from '../org/targets.ts';
import type { RunningImports } from './import-progress.ts';

/** A roster error or warning as stored (both languages), for the reader in theirs. */
interface StoredMessage {
  file: string;
  line: number | null;
  code: string;
  message: Record<Locale, string>;
}

export const inLocale = (messages: readonly StoredMessage[], locale: Locale): RosterMessage[] =>
  messages.map((m) => ({ file: m.file, line: m.line, code: m.code, message: m.message[locale] }));

function viewOf(run: ImportRunRow, hold: RosterHold | null, live: ImportProgress | null, locale: Locale): ImportRun {
  const running = run.status === 'running';
  const stored = JSON.parse(run.progress) as Partial<ImportProgress>;
  return {
    id: run.id,
    status: run.status,
    format: run.kind,
    sourceLabel: run.source_label,
    startedAt: run.started_at,
    finishedAt: running ? null : run.finished_at,
    progress: (running && live) || { ...startingProgress(), ...stored, phase: running ? (stored.phase ?? run.phase) : 'done' },
    counts: JSON.parse(run.counts) as ImportRun['counts'],
    restrictionsCarried: Number(run.restrictions_carried),
    errors: inLocale(JSON.parse(run.errors) as StoredMessage[], locale),
    warnings: inLocale(JSON.parse(run.warnings) as StoredMessage[], locale),
    hold,
  };
}

/**
 * One roster import of the board, read fresh (issue 16 B8): while it runs, its phase and progress
 * (this server's own imports as they go, others as their run row says); once it is done, its
 * counts, its errors and warnings in the reader's language, and what a held import would end.
 * Reading a finished run is audited: its errors and its hold show what the file says of people.
 */
export async function readImportRun(
  ctx: Pick<AppContext, 'db' | 'audit' | 'boardId'>,
  running: RunningImports,
  call: SignedInCall,
  input: { importRunId: string; locale: Locale },
): Promise<ImportRunAnswer> {
  await authorize(ctx.audit, call, rules.importRoster, boardTarget(ctx.boardId));
  const run = await findImportRun(ctx.db.kysely, ctx.boardId, input.importRunId);
  if (!run) throw notFound();
  const hold = run.hold ? (JSON.parse(run.hold) as RosterHold) : null;
  const view = viewOf(run, hold, running.progressOf(run.id), input.locale);
  // A running import is polled every second: only what it ends with is worth a trace.
  if (view.status !== 'running') {
    await recordAudit(ctx.audit, call, {
      action: 'roster.read_import_run',
      outcome: 'succeeded',
      scopeType: 'board',
      scopeId: ctx.boardId,
      targetType: 'import_run',
      targetId: run.id,
      subjectIds: hold ? peopleNamedBy(hold) : [],
      details: { status: view.status },
    });
  }
  return { importRun: view };
}
