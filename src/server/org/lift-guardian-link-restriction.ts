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
 * Lifts a guardian link's restriction (ORG-4), for a reason the school gives: the guardian sees
 * the student again from the next request. The restriction lifted and the lift itself stay in
 * the link's history, with who, when and why, and the audit entry carries both reasons. Lifting
 * a link that is not restricted (someone lifted it a moment before) changes and records nothing.
 */
export async function liftGuardianLinkRestriction(ctx: AppContext, call: SignedInCall, input: { linkId: string; reason: string }): Promise<LinkChange> {
  const k = ctx.db.kysely;
  const target = await authorize<GuardianLinkTarget>(ctx.audit, call, rules.restrictGuardianLink, await guardianLinkTarget(k, input.linkId));
  const { studentId, guardianId } = target.facts;
  const at = ctx.now().toISOString();
  const restriction = await k.transaction().execute(async (trx) => {
    const before = await lockLinkRestriction(trx, input.linkId);
    if (!before) throw notFound();
    if (before.restricted) {
      await setLinkRestriction(trx, input.linkId, null);
      await appendRestrictionEvent(trx, { id: randomUUID(), linkId: input.linkId, event: 'lifted', reason: input.reason, actorId: call.actor.personId, at });
      await recordAuditIn(trx, call, {
        action: 'guardian_link.lift_restriction',
        outcome: 'succeeded',
        scopeType: 'student',
        scopeId: studentId,
        targetType: 'guardian_link',
        targetId: input.linkId,
        subjectIds: [studentId, guardianId],
        details: { reason: input.reason, liftedReason: before.reason },
      });
    }
    return (await findLinkRestrictions(trx, [input.linkId])).get(input.linkId)!;
  });
  return { link: { linkId: input.linkId, restricted: false, restriction } };
}
