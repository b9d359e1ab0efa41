import type { Db } from '../database.ts';
import type { RosterFormat } from '../schema.ts';
import { applyRoster, recordFailedImport } from './apply-roster.ts';
import { parseOneRoster, type ParseOneRosterResult } from '../../domain/roster/parse-oneroster.ts';
import { parsePlainRoster } from '../../domain/roster/parse-plain-roster.ts';
import type { RosterCounts } from '../../domain/roster/oneroster-types.ts';
import { rosterErrors, type RosterError } from '../../domain/roster/roster-error.ts';

export type ImportRosterOutcome =
  | { ok: true; importRun: { id: string; counts: RosterCounts; restrictionsCarried: number } }
  | { ok: false; importRunId: string; errors: RosterError[] };

export interface RosterImportWho {
  boardId: string;
  actorId: string | null;
  sourceLabel: string;
  ip?: string | null;
  /** OneRoster when not said. */
  format?: RosterFormat;
}

/** A plain CSV roster is one file; a OneRoster export is a set of them. */
function parseRoster(format: RosterFormat, files: ReadonlyMap<string, Buffer | string>): ParseOneRosterResult {
  if (format === 'oneroster') return parseOneRoster(files);
  const only = [...files];
  if (only.length !== 1) return { ok: false, errors: [rosterErrors.plainNotOneFile(only.map(([name]) => name))] };
  const [name, data] = only[0]!;
  return parsePlainRoster(name, data);
}

/**
 * The one path every roster import takes (ORG-2), from the web or the CLI, whatever its format:
 * check the whole set, then write it in one transaction; or, if anything is wrong, write nothing
 * but a failed run and its audit entry, and return every error with its file and line.
 */
export async function importRosterFiles(db: Db, args: RosterImportWho & { files: ReadonlyMap<string, Buffer | string> }): Promise<ImportRosterOutcome> {
  const format = args.format ?? 'oneroster';
  const parsed = parseRoster(format, args.files);
  if (!parsed.ok) return fail(db, args, parsed.errors);
  const { importRunId, counts, restrictionsCarried } = await applyRoster(db.kysely, {
    boardId: args.boardId,
    set: parsed.set,
    format,
    actorId: args.actorId,
    sourceLabel: args.sourceLabel,
    ip: args.ip ?? null,
  });
  return { ok: true, importRun: { id: importRunId, counts, restrictionsCarried: restrictionsCarried.length } };
}

async function fail(db: Db, args: RosterImportWho, errors: RosterError[]): Promise<ImportRosterOutcome> {
  const { importRunId } = await recordFailedImport(db.kysely, { ...args, errors });
  return { ok: false, importRunId, errors };
}

/** The import refused before parsing: the archive cannot be read, a file name repeats… */
export async function recordUnreadableSource(db: Db, args: RosterImportWho, error: RosterError): Promise<ImportRosterOutcome> {
  return fail(db, args, [error]);
}
