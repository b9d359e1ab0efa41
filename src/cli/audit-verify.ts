import { openDatabase, migrateToLatest, type DatabaseTarget } from '../db/database.ts';
import { verifyAuditChain } from '../db/audit/verify-audit-chain.ts';

const kinds = {
  altered: ['a été modifiée', 'was altered'],
  missing: ['a été supprimée', 'was removed'],
  relinked: ['ne suit plus la précédente (chaîne réécrite)', 'no longer follows the previous one (chain rewritten)'],
  tail_removed: ['et les suivantes ont été supprimées', 'and those after it were removed'],
  subjects_altered: ['nomme des personnes qui ont été changées', 'names people who were changed'],
  subjects_unindexed: ['n’est plus retrouvée à partir des personnes concernées', 'can no longer be found from the people concerned'],
} as const;

/** `balise audit verify`: exit 0 when the chain holds, 1 naming the first broken entry otherwise. */
export async function auditVerifyCommand(target: DatabaseTarget, out: (line: string) => void): Promise<number> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const result = await verifyAuditChain(db.kysely);
    if (result.ok) {
      out(`Journal d’audit intact : ${result.checked} entrées vérifiées. / Audit log intact: ${result.checked} entries verified.`);
      return 0;
    }
    const b = result.firstBreak!;
    const [fr, en] = kinds[b.kind];
    out(`Journal d’audit ROMPU : l’entrée n° ${b.seq} ${fr}. / Audit log BROKEN: entry #${b.seq} ${en}.`);
    out(`first_broken_seq=${b.seq} kind=${b.kind}`);
    return 1;
  } finally {
    await db.close();
  }
}
