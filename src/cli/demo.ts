import { openDatabase, migrateToLatest, type DatabaseTarget, type Db } from '../db/database.ts';
import type { BoardTable } from '../db/schema.ts';
import type { RemovedDemoRows } from '../db/demo/remove-demo-rows.ts';
import { consoleCall, removeDemoData } from '../server/demo/remove-demo-data.ts';

/** Runs `work` on the deployment's board, or says there is none yet (exit 1). */
export async function withBoard(
  target: DatabaseTarget,
  out: (line: string) => void,
  work: (ctx: { db: Db; boardId: string; defaultLocale: BoardTable['default_locale']; now: () => Date }) => Promise<number>,
): Promise<number> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const board = await db.kysely.selectFrom('board').select(['id', 'default_locale']).orderBy('created_at').executeTakeFirst();
    if (!board) {
      out('Aucun conseil scolaire : lancez d’abord `npm start`. / No school board yet: run `npm start` first.');
      return 1;
    }
    return await work({ db, boardId: board.id, defaultLocale: board.default_locale, now: () => new Date() });
  } finally {
    await db.close();
  }
}

const LABELS: Record<keyof RemovedDemoRows, [string, string]> = {
  people: ['personnes', 'people'],
  schools: ['écoles', 'schools'],
  schoolYears: ['années scolaires', 'school years'],
  classGroups: ['groupes-classes', 'class groups'],
  roles: ['rôles', 'roles'],
  guardianLinks: ['liens parent-élève', 'guardian links'],
  enrollments: ['inscriptions', 'enrollments'],
  credentials: ['mots de passe', 'passwords'],
  sessions: ['sessions', 'sessions'],
};

/** `balise demo remove` (ORG-2): takes the demonstration data off the board so a real roster can come in. */
export async function demoRemoveCommand(target: DatabaseTarget, out: (line: string) => void): Promise<number> {
  return withBoard(target, out, async (ctx) => {
    const removed = await removeDemoData(ctx, consoleCall);
    if (removed.people + removed.schools + removed.schoolYears + removed.classGroups === 0) {
      out('Aucune donnée de démonstration : rien à retirer. / No demonstration data: nothing to remove.');
      return 0;
    }
    const keys = Object.keys(LABELS) as (keyof RemovedDemoRows)[];
    out(
      `Données de démonstration retirées : ${keys.map((k) => `${LABELS[k][0]} ${removed[k]}`).join(', ')}.` +
        ` / Demonstration data removed: ${keys.map((k) => `${LABELS[k][1]} ${removed[k]}`).join(', ')}.`,
    );
    out(
      'Le journal d’audit est conservé. Ensuite : `npx balise staff grant <courriel> privacy_officer`, puis importez la liste des élèves.' +
        ' / The audit log is kept. Next: `npx balise staff grant <email> privacy_officer`, then import the roster.',
    );
    return 0;
  });
}
