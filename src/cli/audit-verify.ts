import { openDatabase, migrateToLatest, type DatabaseTarget } from '../db/database.ts';
import { loadConfig } from '../config/config.ts';
import { auditBreakWording, type AuditLogBreak } from '../domain/audit/audit-breaks.ts';
import type { CheckpointPlaces } from '../server/audit/audit-checkpoint-files.ts';
import { checkAuditLog, sealAfterCheck, type AuditLogCheck, type SealAfterCheck } from '../server/audit/check-audit-log.ts';

/**
 * `balise audit verify`: exit 0 when the audit log holds, 1 naming each problem otherwise (SEC-1):
 * a broken entry, a log truncated or rewritten since a signed checkpoint, a checkpoint whose
 * signature does not hold, a missing append-only trigger. A log found intact is sealed by a new
 * checkpoint when the signing key can be read.
 */
export async function auditVerifyCommand(
  target: DatabaseTarget,
  out: (line: string) => void,
  places: CheckpointPlaces = loadConfig().audit,
): Promise<number> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const check = await checkAuditLog(db.kysely, places);
    if (!check.ok) {
      for (const line of brokenLines(check)) out(line);
      return 1;
    }
    out(`Journal d’audit intact : ${check.checked} entrées vérifiées. / Audit log intact: ${check.checked} entries verified.`);
    out(checkpointLine(check));
    out(sealLine(await sealAfterCheck(db.kysely, places, check, new Date())));
    return 0;
  } finally {
    await db.close();
  }
}

function brokenLines(check: AuditLogCheck): string[] {
  const lines = check.breaks.map((b) => {
    const { fr, en } = auditBreakWording(b);
    return `Journal d’audit ROMPU : ${fr}. / Audit log BROKEN: ${en}.`;
  });
  const first = check.breaks.find((b) => 'seq' in b);
  if (first && 'seq' in first) lines.push(`first_broken_seq=${first.seq} kind=${first.kind}`);
  for (const b of check.breaks) if (!('seq' in b)) lines.push(`kind=${b.kind} ${detail(b)}`);
  return lines;
}

const detail = (b: AuditLogBreak) => (b.kind === 'trigger_missing' ? `trigger=${b.trigger}` : b.kind === 'checkpoint_invalid' ? `file=${b.file}` : '');

function checkpointLine(check: AuditLogCheck): string {
  const c = check.checkpoint;
  if (!c) return 'Aucun point de contrôle signé à comparer pour l’instant. / No signed checkpoint to compare with yet.';
  return (
    `Concorde avec ${check.checkpointsCompared} point(s) de contrôle signé(s), le dernier du ${c.at} (entrée n° ${c.seq}). / ` +
    `Matches ${check.checkpointsCompared} signed checkpoint(s), the latest of ${c.at} (entry #${c.seq}).`
  );
}

function sealLine(sealed: SealAfterCheck): string {
  switch (sealed.kind) {
    case 'written':
      return `Point de contrôle signé écrit : ${sealed.file}. / Signed checkpoint written: ${sealed.file}.`;
    case 'no_key':
      return 'Aucun point de contrôle écrit : pas de clé de signature (BALISE_AUDIT_KEY_FILE). / No checkpoint written: no signing key (BALISE_AUDIT_KEY_FILE).';
    case 'refused': {
      const { fr, en } = auditBreakWording(sealed.problem);
      return `Aucun point de contrôle écrit : ${fr}. / No checkpoint written: ${en}.`;
    }
    case 'failed':
      return `Aucun point de contrôle écrit : ${sealed.reason}. / No checkpoint written: ${sealed.reason}.`;
    default:
      return 'Le dernier point de contrôle signé couvre déjà tout le journal. / The latest signed checkpoint already covers the whole log.';
  }
}
