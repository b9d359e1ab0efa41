import type { Db } from '../database.ts';
import { applyRoster, recordFailedImport } from './apply-roster.ts';
import { parseOneRoster } from '../../domain/roster/parse-oneroster.ts';
import type { RosterCounts } from '../../domain/roster/oneroster-types.ts';
import type { RosterError } from '../../domain/roster/roster-error.ts';

export type ImportRosterOutcome =
  | { ok: true; importRun: { id: string; counts: RosterCounts } }
  | { ok: false; importRunId: string; errors: RosterError[] };

/**
 * The one path every OneRoster import takes (ORG-2), from the web or the CLI: check the whole set,
 * then write it in one transaction; or, if anything is wrong, write nothing but a failed run and
 * its audit entry, and return every error with its file and line.
 */
export async function importRosterFiles(
  db: Db,
  args: { boardId: string; actorId: string | null; files: ReadonlyMap<string, Buffer | string>; sourceLabel: string; ip?: string | null },
): Promise<ImportRosterOutcome> {
  const parsed = parseOneRoster(args.files);
  if (!parsed.ok) return fail(db, args, parsed.errors);
  const { importRunId, counts } = await applyRoster(db.kysely, {
    boardId: args.boardId,
    set: parsed.set,
    actorId: args.actorId,
    sourceLabel: args.sourceLabel,
    ip: args.ip ?? null,
  });
  return { ok: true, importRun: { id: importRunId, counts } };
}

async function fail(
  db: Db,
  args: { boardId: string; actorId: string | null; sourceLabel: string; ip?: string | null },
  errors: RosterError[],
): Promise<ImportRosterOutcome> {
  const { importRunId } = await recordFailedImport(db.kysely, { ...args, errors });
  return { ok: false, importRunId, errors };
}

/** The import refused before parsing: the archive cannot be read, a file name repeats… */
export async function recordUnreadableSource(
  db: Db,
  args: { boardId: string; actorId: string | null; sourceLabel: string; ip?: string | null },
  error: RosterError,
): Promise<ImportRosterOutcome> {
  return fail(db, args, [error]);
}
