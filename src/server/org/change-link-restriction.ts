import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import type { GuardianLinkTarget } from '../../domain/access/targets.ts';
import type { AuditAction } from '../../domain/audit/audit-actions.ts';
import type { RestrictionEvent } from '../../db/schema.ts';
import { appendRestrictionEvent, findLinkRestrictions, lockLinkRestriction, setLinkRestriction, type LinkRestrictions } from '../../db/org/students.ts';
import { notFound } from '../http/api-error.ts';
import { recordAuditIn } from '../audit/audit-trail.ts';
import { guardianLinkTarget } from './targets.ts';

/** The link's restriction as it stood when locked. */
type RestrictionBefore = { restricted: boolean; reason: string | null };

/** What restricting or lifting does to a link, decided on the link as it stands; null: nothing to do. */
interface RestrictionChange {
  event: Extract<RestrictionEvent, 'restricted' | 'lifted'>;
  action: AuditAction;
  details: Record<string, unknown>;
}

/**
 * The path restricting and lifting share (ORG-4): the rule checked on the link read fresh, then in
 * one transaction the link locked as it stands, its new state, the event added to its history
 * (who, when, why) and the audit entry; answers the link's restrictions as they end up.
 */
export async function changeLinkRestriction(
  ctx: AppContext,
  call: SignedInCall,
  input: { linkId: string; reason: string },
  decide: (before: RestrictionBefore) => RestrictionChange | null,
): Promise<LinkRestrictions> {
  const k = ctx.db.kysely;
  const target = await authorize<GuardianLinkTarget>(ctx.audit, call, rules.restrictGuardianLink, await guardianLinkTarget(k, input.linkId));
  const { studentId, guardianId } = target.facts;
  const { linkId, reason } = input;
  const by = call.actor.personId;
  const at = ctx.now().toISOString();
  return k.transaction().execute(async (trx) => {
    const before = await lockLinkRestriction(trx, linkId);
    if (!before) throw notFound();
    const change = decide(before);
    if (change) {
      await setLinkRestriction(trx, linkId, change.event === 'restricted' ? { reason, by, at } : null);
      await appendRestrictionEvent(trx, { id: randomUUID(), linkId, event: change.event, reason, actorId: by, at });
      await recordAuditIn(trx, call, {
        action: change.action,
        outcome: 'succeeded',
        scopeType: 'student',
        scopeId: studentId,
        targetType: 'guardian_link',
        targetId: linkId,
        subjectIds: [studentId, guardianId],
        details: change.details,
      });
    }
    return (await findLinkRestrictions(trx, [linkId])).get(linkId)!;
  });
}
