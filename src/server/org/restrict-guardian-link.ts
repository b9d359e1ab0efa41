import type { AppContext } from '../app-context.ts';
import type { SignedInCall } from '../access/call.ts';
import type { LinkChange } from '../../api/students.ts';
import { changeLinkRestriction } from './change-link-restriction.ts';

/**
 * Restricts a guardian's link to a student (ORG-4): from the next request that guardian sees and
 * receives nothing about the student. A link already restricted takes the new reason (a new
 * court order, say) while the one it replaces stays in the link's history: nothing is overwritten,
 * and the link is never unrestricted in between. The link's state, its history and the audit
 * entry (with the reason) are written in one transaction.
 */
export async function restrictGuardianLink(ctx: AppContext, call: SignedInCall, input: { linkId: string; reason: string }): Promise<LinkChange> {
  const restriction = await changeLinkRestriction(ctx, call, input, (before) => ({
    event: 'restricted',
    action: 'guardian_link.restrict',
    details: before.restricted ? { reason: input.reason, replacedReason: before.reason } : { reason: input.reason },
  }));
  return { link: { linkId: input.linkId, restricted: true, restriction } };
}
