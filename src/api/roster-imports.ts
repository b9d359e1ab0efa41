import { z } from 'zod';
import { IMPORT_PHASES } from '../domain/roster/import-progress.ts';
import { HELD_KINDS } from '../domain/roster/import-hold.ts';

/**
 * The requests and answers of the roster import routes (ORG-2, issue 16 B2, B3, B8), as the
 * server validates them and the web client reads them: one definition for both sides.
 */
export const ImportRunParams = z.object({ id: z.uuid() });

/** `?confirmEnding=true`: the privacy officer saw what the import ends and confirms it. */
export const ImportQuery = z.object({ confirmEnding: z.enum(['true', 'false']).optional() });

export const ImportProgress = z.object({
  phase: z.enum(IMPORT_PHASES),
  filesRead: z.number(),
  filesTotal: z.number(),
  rowsChecked: z.number(),
  rowsTotal: z.number(),
  rowsWritten: z.number(),
  rowsToWrite: z.number(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/** An error or a warning about one line of one file (line null: the whole file), in the reader's language. */
export const RosterMessage = z.object({ file: z.string(), line: z.number().nullable(), code: z.string(), message: z.string() });
export type RosterMessage = z.infer<typeof RosterMessage>;

const EntityCounts = z.object({ created: z.number(), updated: z.number(), ended: z.number(), unchanged: z.number() });
export const RosterCounts = z.record(z.string(), EntityCounts);

const EndingShare = z.object({ ending: z.number(), active: z.number() });
const EndingExample = z.object({ id: z.string(), sourceId: z.string().nullable(), name: z.string(), student: z.string().optional() });
const byKind = <T extends z.ZodType>(t: T) => z.object({ students: t, staff: t, guardianLinks: t });

/** What a held import would end (issue 16 B2): how many of each, of how many, and a few named. */
export const RosterHold = z.object({
  share: z.number(),
  over: z.array(z.enum(HELD_KINDS)),
  ending: byKind(EndingShare),
  examples: byKind(z.array(EndingExample)),
});
export type RosterHold = z.infer<typeof RosterHold>;

const ImportStatus = z.enum(['running', 'succeeded', 'failed', 'held']);

/** One import, as it goes or as it ended: reopened from the history, it shows its errors. */
export const ImportRun = z.object({
  id: z.string(),
  status: ImportStatus,
  format: z.enum(['oneroster', 'csv']),
  sourceLabel: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: ImportProgress,
  counts: RosterCounts,
  restrictionsCarried: z.number(),
  errors: z.array(RosterMessage),
  warnings: z.array(RosterMessage),
  hold: RosterHold.nullable(),
});
export type ImportRun = z.infer<typeof ImportRun>;

export const ImportRunAnswer = z.object({ importRun: ImportRun });
export type ImportRunAnswer = z.infer<typeof ImportRunAnswer>;

/** 200: the import is done. */
export const ImportResult = z.object({
  importRun: z.object({ id: z.string(), counts: RosterCounts, restrictionsCarried: z.number(), warnings: z.array(RosterMessage) }),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** 202 (`Prefer: respond-async`): the import runs; follow it at `GET /api/admin/imports/:id`. */
export const ImportAccepted = z.object({ importRun: z.object({ id: z.string(), status: z.literal('running') }) });
export type ImportAccepted = z.infer<typeof ImportAccepted>;
