import path from 'node:path';
import type { DatabaseTarget, Db } from '../db/database.ts';
import type { RosterFormat } from '../db/schema.ts';
import { AuditLog } from '../db/audit/audit-log.ts';
import { ROSTER_ENTITIES, type RosterCounts } from '../domain/roster/oneroster-types.ts';
import { HELD_KINDS, type HeldKind, type RosterHold } from '../domain/roster/import-hold.ts';
import type { ImportProgress } from '../domain/roster/import-progress.ts';
import { ApiError } from '../server/http/api-error.ts';
import { translate } from '../server/i18n/messages.ts';
import { consoleCall } from '../server/access/call.ts';
import { importRoster } from '../server/roster/import-roster.ts';
import { sourceOfPaths } from '../server/roster/read-roster-files.ts';
import type { ImportRosterOutcome } from '../server/roster/run-roster-import.ts';
import { withBoard } from './with-board.ts';

type Out = (line: string) => void;

export interface ImportCommandOptions {
  /** `--confirm-ending`: the import may end more than the hold's share of the board (issue 16 B2). */
  confirmEnding?: boolean;
  /** Where progress goes, rewritten in place: given only when the output is a terminal (issue 16 B8). */
  progress?: (text: string) => void;
}

const ENTITY_LABELS: Record<keyof RosterCounts, [string, string]> = {
  schools: ['Écoles', 'Schools'],
  schoolYears: ['Années scolaires', 'School years'],
  classes: ['Groupes-classes', 'Class groups'],
  persons: ['Personnes', 'People'],
  guardianLinks: ['Liens parent-élève', 'Guardian links'],
  enrollments: ['Inscriptions', 'Enrollments'],
  roleAssignments: ['Rôles', 'Roles'],
};

const HELD_LABELS: Record<HeldKind, [string, string]> = {
  students: ['élève(s)', 'student(s)'],
  staff: ['membre(s) du personnel', 'staff member(s)'],
  guardianLinks: ['lien(s) parent-élève', 'guardian link(s)'],
};

/** `file:line: message`, or `file: message` when the whole file is concerned (never a doubled colon). */
function located(m: { file: string; line: number | null; message: { fr: string; en: string } }): string {
  const where = m.file === '' ? '' : m.line === null ? `${m.file}: ` : `${m.file}:${m.line}: `;
  return `${where}${m.message.fr} / ${m.message.en}`;
}

/**
 * `balise import oneroster <folder|file.zip|files.csv…>` and `balise import csv <file.csv>`
 * (ORG-2): import into the deployment's board through the same operation as the web. Exit 0 when
 * imported; 1 when refused (every error as `file:line: message`) or held (what it would end).
 */
export async function importRosterCommand(
  target: DatabaseTarget,
  format: RosterFormat,
  paths: string | readonly string[],
  out: Out,
  opts: ImportCommandOptions = {},
): Promise<number> {
  const all = typeof paths === 'string' ? [paths] : paths;
  return withBoard(target, out, async ({ db, boardId }) => {
    const outcome = await runImport(db, boardId, format, all, out, opts);
    return outcome ? report(outcome, out) : 1;
  });
}

async function runImport(db: Db, boardId: string, format: RosterFormat, paths: readonly string[], out: Out, opts: ImportCommandOptions): Promise<ImportRosterOutcome | null> {
  let source;
  try {
    source = await sourceOfPaths(format, paths);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const missing = (err as NodeJS.ErrnoException).path ?? paths.join(' ');
    out(`Introuvable : ${missing} / Not found: ${missing}`);
    return null;
  }
  const sourceLabel = `cli:${paths.map((p) => path.basename(path.resolve(p))).join(',').slice(0, 200)}`;
  const deps = { db, audit: new AuditLog(db.kysely), boardId, worker: null };
  const onProgress = opts.progress ? (p: ImportProgress) => opts.progress!(progressText(p)) : undefined;
  try {
    const receive = async () => ({ source, sourceLabel });
    const started = await importRoster(deps, consoleCall, { format, receive, confirmEnding: opts.confirmEnding ?? false, onProgress });
    return await started.outcome;
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'roster.demo_present') throw err;
    out(`${translate(err.code, 'fr')} / ${translate(err.code, 'en')}`);
    return null;
  } finally {
    opts.progress?.('');
  }
}

/** One line, rewritten as the import goes. */
function progressText(p: ImportProgress): string {
  const n = (v: number) => v.toLocaleString('fr-CA');
  if (p.phase === 'reading') return `Lecture des fichiers : ${n(p.filesRead)} sur ${n(p.filesTotal)} / Reading files: ${p.filesRead} of ${p.filesTotal}`;
  if (p.phase === 'checking') return `Vérification : ${n(p.rowsChecked)} lignes sur ${n(p.rowsTotal)} / Checking: ${p.rowsChecked} rows of ${p.rowsTotal}`;
  if (p.phase === 'writing') return `Écriture : ${n(p.rowsWritten)} sur ${n(p.rowsToWrite)} / Writing: ${p.rowsWritten} of ${p.rowsToWrite}`;
  return 'Terminé / Done';
}

function report(outcome: ImportRosterOutcome, out: Out): number {
  if (outcome.status === 'failed') {
    const n = outcome.errors.length;
    out(`Import refusé : ${n} erreur(s), rien n’a été enregistré. / Import refused: ${n} error(s), nothing was saved.`);
    for (const e of outcome.errors) out(located(e));
    return 1;
  }
  for (const w of outcome.warnings) out(`Avertissement — ${located(w)}`);
  if (outcome.status === 'held') return reportHold(outcome.hold, out);
  out(`Import réussi (${outcome.importRunId}). / Import succeeded (${outcome.importRunId}).`);
  for (const k of ROSTER_ENTITIES) {
    const [fr, en] = ENTITY_LABELS[k];
    const c = outcome.counts[k];
    out(
      `${fr} : ajouts ${c.created}, mises à jour ${c.updated}, fins ${c.ended}, sans changement ${c.unchanged}` +
        ` / ${en}: created ${c.created}, updated ${c.updated}, ended ${c.ended}, unchanged ${c.unchanged}`,
    );
  }
  const carried = outcome.restrictionsCarried;
  if (carried > 0) {
    out(
      `Restrictions reportées sur de nouveaux liens parent-élève : ${carried} (même parent et même élève sous une nouvelle fiche ; à vérifier dans la fiche de l’élève).` +
        ` / Restrictions carried over to new guardian links: ${carried} (same guardian and same student under a new record; check them on the student’s page).`,
    );
  }
  return 0;
}

/** Issue 16 B2: what the import would end, a few named, and how to confirm it. */
function reportHold(hold: RosterHold, out: Out): number {
  const percent = Math.round(hold.share * 100);
  out(`Import suspendu, rien n’a été enregistré : il mettrait fin à plus de ${percent} % de ce que compte le conseil. / Import on hold, nothing was saved: it would end more than ${percent}% of what the board holds.`);
  for (const k of HELD_KINDS) {
    const [fr, en] = HELD_LABELS[k];
    const { ending, active } = hold.ending[k];
    out(`  ${fr} : ${ending} sur ${active} / ${en}: ${ending} of ${active}`);
    for (const e of hold.examples[k]) out(`    - ${e.name}${e.student ? ` → ${e.student}` : ''}${e.sourceId ? ` (${e.sourceId})` : ''}`);
  }
  out('Vérifiez le fichier ; s’il est juste, relancez avec --confirm-ending. / Check the file; if it is right, run again with --confirm-ending.');
  return 1;
}
