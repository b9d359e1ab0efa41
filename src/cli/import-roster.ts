import path from 'node:path';
import { openDatabase, migrateToLatest, type DatabaseTarget } from '../db/database.ts';
import { ROSTER_ENTITIES, type RosterCounts } from '../domain/roster/oneroster-types.ts';
import { formatRosterError } from '../domain/roster/roster-error.ts';
import { importRosterFiles, recordUnreadableSource, type ImportRosterOutcome } from '../db/roster/import-roster-files.ts';
import type { RosterFormat } from '../db/schema.ts';
import { RosterSourceError, readRosterSource } from '../db/roster/read-roster-source.ts';

const ENTITY_LABELS: Record<keyof RosterCounts, [string, string]> = {
  schools: ['Écoles', 'Schools'],
  schoolYears: ['Années scolaires', 'School years'],
  classes: ['Groupes-classes', 'Class groups'],
  persons: ['Personnes', 'People'],
  guardianLinks: ['Liens parent-élève', 'Guardian links'],
  enrollments: ['Inscriptions', 'Enrollments'],
  roleAssignments: ['Rôles', 'Roles'],
};

/**
 * `balise import oneroster <folder|file.zip>` and `balise import csv <file.csv>` (ORG-2): import
 * into the deployment's board through the same path as the web. Exit 0 when imported; 1 with
 * every error as `file:line: message`.
 */
export async function importRosterCommand(
  dbTarget: DatabaseTarget,
  format: RosterFormat,
  pathArg: string,
  out: (line: string) => void,
): Promise<number> {
  const db = openDatabase(dbTarget);
  try {
    await migrateToLatest(db);
    const board = await db.kysely.selectFrom('board').select('id').orderBy('created_at').executeTakeFirst();
    if (!board) {
      out('Aucun conseil scolaire : lancez d’abord `npm start`. / No school board yet: run `npm start` first.');
      return 1;
    }
    const sourceLabel = `cli:${path.basename(path.resolve(pathArg))}`;
    const who = { boardId: board.id, actorId: null, sourceLabel, format };
    let outcome: ImportRosterOutcome;
    try {
      const files = await readRosterSource(format, pathArg);
      outcome = await importRosterFiles(db, { ...who, files });
    } catch (err) {
      if (err instanceof RosterSourceError) outcome = await recordUnreadableSource(db, who, err.error);
      else if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        out(`Introuvable : ${pathArg} / Not found: ${pathArg}`);
        return 1;
      } else throw err;
    }
    if (!outcome.ok) {
      out(`Import refusé : ${outcome.errors.length} erreur(s), rien n’a été enregistré. / Import refused: ${outcome.errors.length} error(s), nothing was saved.`);
      for (const e of outcome.errors) out(`${formatRosterError(e, 'fr')} / ${e.message.en}`);
      return 1;
    }
    const c = outcome.importRun.counts;
    out(`Import réussi (${outcome.importRun.id}). / Import succeeded (${outcome.importRun.id}).`);
    for (const k of ROSTER_ENTITIES) {
      const [fr, en] = ENTITY_LABELS[k];
      const n = c[k];
      out(
        `${fr} : ajouts ${n.created}, mises à jour ${n.updated}, fins ${n.ended}, sans changement ${n.unchanged}` +
          ` / ${en}: created ${n.created}, updated ${n.updated}, ended ${n.ended}, unchanged ${n.unchanged}`,
      );
    }
    const carried = outcome.importRun.restrictionsCarried;
    if (carried > 0) {
      out(
        `Restrictions reportées sur de nouveaux liens parent-élève : ${carried} (même parent et même élève sous une nouvelle fiche ; à vérifier dans la fiche de l’élève).` +
          ` / Restrictions carried over to new guardian links: ${carried} (same guardian and same student under a new record; check them on the student’s page).`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}
