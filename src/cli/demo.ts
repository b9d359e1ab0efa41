import type { DatabaseTarget } from '../db/database.ts';
import type { RemovedDemoRows } from '../db/demo/remove-demo-rows.ts';
import { consoleCall } from '../server/access/call.ts';
import { removeDemoData } from '../server/demo/remove-demo-data.ts';
import { withBoard } from './with-board.ts';

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
