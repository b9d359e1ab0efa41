import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import type { GuardianLinkTarget } from '../../domain/access/targets.ts';
import { appendRestrictionEvent, findLinkRestrictions, lockLinkRestriction, setLinkRestriction } from '../../db/org/students.ts';
import { notFound } from '../http/api-error.ts';
import { recordAuditIn } from '../audit/audit-trail.ts';
import type { LinkChange } from '../../api/students.ts';
import { guardianLinkTarget } from './targets.ts';

/**
 * Restricts a guardian's link to a student (ORG-4): from the next request that guardian sees and
 * receives nothing about the student. A link already restricted takes the new reason (a new
 * court order, say) while the one it replaces stays in the link's history: nothing is overwritten,
 * and the link is never unrestricted in between. The link's state, its history and the audit
 * entry (with the reason) are written in one transaction.
 */
export async function restrictGuardianLink(ctx: AppContext, call: SignedInCall, input: { linkId: string; reason: string }): Promise<LinkChange> {
  const k = ctx.db.kysely;
  const target = await authorize<GuardianLinkTarget>(ctx.audit, call, rules.restrictGuardianLink, await guardianLinkTarget(k, input.linkId));
  const { studentId, guardianId } = target.facts;
  const at = ctx.now().toISOString();
  const restriction = await k.transaction().execute(async (trx) => {
    const before = await lockLinkRestriction(trx, input.linkId);
    if (!before) throw notFound();
    await setLinkRestriction(trx, input.linkId, { reason: input.reason, by: call.actor.personId, at });
    await appendRestrictionEvent(trx, { id: randomUUID(), linkId: input.linkId, event: 'restricted', reason: input.reason, actorId: call.actor.personId, at });
    await recordAuditIn(trx, call, {
      action: 'guardian_link.restrict',
      outcome: 'succeeded',
      scopeType: 'student',
      scopeId: studentId,
      targetType: 'guardian_link',
      targetId: input.linkId,
      subjectIds: [studentId, guardianId],
      details: before.restricted ? { reason: input.reason, replacedReason: before.reason } : { reason: input.reason },
    });
    return (await findLinkRestrictions(trx, [input.linkId])).get(input.linkId)!;
  });
  return { link: { linkId: input.linkId, restricted: true, restriction } };
}
