import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { lockBoardForImport } from '../../db/roster/roster-records.ts';
import { RosterWriter } from '../../db/roster/roster-writer.ts';
import { withImportCache } from '../../db/roster/sqlite-import-cache.ts';
import { finishImportRun } from '../../db/roster/import-runs.ts';
import {
  writeEnrollmentChanges,
  writeGuardianLinkChanges,
  writeLifecycleChanges,
  writeRoleAssignmentChanges,
} from '../../db/roster/write-roster-changes.ts';
import type { RosterCounts, RosterSet } from '../../domain/roster/oneroster-types.ts';
import { peopleNamedBy, type RosterHold, type RosterEnding } from '../../domain/roster/import-hold.ts';
import type { CarriedRestriction } from '../../domain/roster/guardian-link-changes.ts';
import type { RosterWarning } from '../../domain/roster/roster-warning.ts';
import type { Call } from '../access/call.ts';
import { recordAuditIn, type AuditNote } from '../audit/audit-trail.ts';
import type { ImportProgressTracker } from './import-progress.ts';
import { countsOf, planRosterChanges, rowsToWrite, type RosterChanges } from './plan-roster-changes.ts';
import { checkRosterEnding } from './hold-roster-import.ts';

/**
 * Writes a checked roster set (ORG-2) for one board in one transaction, on SQLite or PostgreSQL:
 * reads what the board holds, decides every change (domain/roster/*-changes.ts), and — unless it
 * would end more than the set share of the board and the privacy officer has not confirmed
 * (issue 16 B2) — writes them, finishes the run and audits it, all together or not at all.
 * Rows made by hand or by the demo (no source id) are left alone, except that the links of an
 * imported person or class that ends are ended too. Nothing is deleted.
 */
export interface ApplyRosterInput {
  boardId: string;
  runId: string;
  set: RosterSet;
  sourceLabel: string;
  /** The privacy officer saw what the import ends and confirmed it. */
  confirmEnding: boolean;
  warnings: readonly RosterWarning[];
}

export type ApplyRosterOutcome =
  | { applied: true; counts: RosterCounts; restrictionsCarried: CarriedRestriction[] }
  | { applied: false; hold: RosterHold };

class ImportHeld extends Error {
  constructor(readonly hold: RosterHold) {
    super('roster import held');
  }
}

export async function applyRoster(db: Kysely<Database>, call: Call, input: ApplyRosterInput, progress: ImportProgressTracker): Promise<ApplyRosterOutcome> {
  try {
    return await withImportCache(db, () => db.transaction().execute((trx) => applyInTransaction(trx, call, input, progress)));
  } catch (err) {
    if (!(err instanceof ImportHeld)) throw err;
    // Nothing of the import was written (its transaction rolled back): the hold is recorded alone.
    await db.transaction().execute(async (trx) => {
      await progress.settled();
      await finishImportRun(trx, input.runId, { status: 'held', hold: err.hold, warnings: input.warnings, progress: { ...progress.current(), phase: 'done' }, at: new Date().toISOString() });
      await recordAuditIn(trx, call, heldNote(input, err.hold));
    });
    return { applied: false, hold: err.hold };
  }
}

async function applyInTransaction(trx: Transaction<Database>, call: Call, input: ApplyRosterInput, progress: ImportProgressTracker): Promise<ApplyRosterOutcome> {
  const now = new Date().toISOString();
  progress.phase('writing');
  await lockBoardForImport(trx, input.boardId, input.set.district?.sourcedId ?? null);
  const changes = await planRosterChanges(trx, input.boardId, input.set);
  const { ending, hold } = await checkRosterEnding(trx, input.boardId, changes);
  if (hold && !input.confirmEnding) throw new ImportHeld(hold);
  progress.phase('writing', { rowsWritten: 0, rowsToWrite: rowsToWrite(changes) });
  await writeRosterChanges(new RosterWriter(trx, (n) => progress.wrote(n)), input.boardId, changes, now);
  const counts = countsOf(changes);
  // The run row's last progress write must not come after (or wait for) its final update.
  await progress.settled();
  await finishImportRun(trx, input.runId, {
    status: 'succeeded',
    counts,
    warnings: input.warnings,
    restrictionsCarried: changes.guardianLinks.carried.length,
    progress: { ...progress.current(), phase: 'done' },
    at: new Date().toISOString(),
  });
  await recordAuditIn(trx, call, importedNote(input, changes, counts, hold ? ending : null), ...carriedNotes(input, changes.guardianLinks.carried));
  return { applied: true, counts, restrictionsCarried: changes.guardianLinks.carried };
}

/** In foreign-key order: schools and years, class groups, people, then the links between them. */
async function writeRosterChanges(w: RosterWriter, boardId: string, c: RosterChanges, now: string): Promise<void> {
  await writeLifecycleChanges(w, 'school', boardId, c.schools, now);
  await writeLifecycleChanges(w, 'school_year', boardId, c.years, now);
  await writeLifecycleChanges(w, 'class_group', null, c.classes, now);
  await writeLifecycleChanges(w, 'person', boardId, c.persons, now);
  await writeEnrollmentChanges(w, c.enrollments, now);
  await writeGuardianLinkChanges(w, c.guardianLinks, now);
  await writeRoleAssignmentChanges(w, c.roles, now);
}

const onRun = (input: ApplyRosterInput) => ({ scopeType: 'board', scopeId: input.boardId, targetType: 'import_run', targetId: input.runId });

function importedNote(input: ApplyRosterInput, c: RosterChanges, counts: RosterCounts, confirmedEnding: RosterEnding | null): AuditNote {
  const carried = c.guardianLinks.carried.length;
  return {
    action: 'roster.import',
    outcome: 'succeeded',
    ...onRun(input),
    subjectIds: [...c.subjects],
    details: {
      counts,
      source: input.sourceLabel,
      ...(carried > 0 ? { restrictionsCarried: carried } : {}),
      ...(input.warnings.length > 0 ? { warnings: input.warnings.length } : {}),
      // The privacy officer confirmed an import over the hold's share: how much it ended.
      ...(confirmedEnding ? { endingConfirmed: { students: confirmedEnding.students.ending, staff: confirmedEnding.staff.ending, guardianLinks: confirmedEnding.guardianLinks.ending } } : {}),
    },
  };
}

function carriedNotes(input: ApplyRosterInput, carried: readonly CarriedRestriction[]): AuditNote[] {
  return carried.map((c) => ({
    action: 'guardian_link.restriction_carried',
    outcome: 'succeeded',
    scopeType: 'board',
    scopeId: input.boardId,
    subjectIds: [c.guardianId, c.studentId],
    targetType: 'guardian_link',
    targetId: c.toLinkId,
    details: { fromLinkId: c.fromLinkId, importRunId: input.runId },
  }));
}

/** The hold names, as examples, people whose names the privacy officer is shown. */
function heldNote(input: ApplyRosterInput, hold: RosterHold): AuditNote {
  return {
    action: 'roster.import_held',
    outcome: 'succeeded',
    ...onRun(input),
    subjectIds: peopleNamedBy(hold),
    details: { source: input.sourceLabel, share: hold.share, over: hold.over, ending: hold.ending },
  };
}
