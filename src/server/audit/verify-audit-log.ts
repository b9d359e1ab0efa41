import type { AppContext } from '../app-context.ts';
import type { AuditVerification } from '../../api/admin.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { auditBreakWording, type AuditLogBreak } from '../../domain/audit/audit-breaks.ts';
import { recordAudit } from './audit-trail.ts';
import { boardTarget } from '../org/targets.ts';
import { checkAuditLog, sealAfterCheck } from './check-audit-log.ts';

const withWording = <B extends AuditLogBreak>(b: B) => ({ ...b, message: auditBreakWording(b) });

/**
 * The privacy officer's or DG's check of the audit log (SEC-1): chain, per-person index, signed
 * checkpoints and append-only guards, each problem named in French and English. A log found
 * intact is sealed by a new checkpoint. The check itself is logged, with what it found.
 */
export async function verifyAuditLog(ctx: AppContext, call: SignedInCall): Promise<AuditVerification> {
  await authorize(ctx.audit, call, rules.verifyAudit, boardTarget(ctx.boardId));
  const places = ctx.config.audit;
  const check = await checkAuditLog(ctx.db.kysely, places);
  const sealed = await sealAfterCheck(ctx.db.kysely, places, check, ctx.now());
  const checkpointWritten = sealed.kind === 'written' ? { seq: sealed.checkpoint.seq, at: sealed.checkpoint.at } : null;
  const checkpoint = check.checkpoint && { seq: check.checkpoint.seq, at: check.checkpoint.at };
  await recordAudit(ctx.audit, call, {
    action: 'audit.verify',
    outcome: check.ok ? 'succeeded' : 'failed',
    scopeType: 'board',
    scopeId: ctx.boardId,
    details: { checked: check.checked, firstBreak: check.firstBreak, breaks: check.breaks.map((b) => b.kind), checkpoint, checkpointWritten },
  });
  return {
    ok: check.ok,
    checked: check.checked,
    lastSeq: check.lastSeq,
    firstBreak: check.firstBreak && withWording(check.firstBreak),
    breaks: check.breaks.map(withWording),
    checkpoint,
    checkpointsCompared: check.checkpointsCompared,
    checkpointWritten,
  };
}
