import type { AppContext } from '../app-context.ts';
import type { SignedInCall } from '../access/call.ts';
import type { LinkChange } from '../../api/students.ts';
import { changeLinkRestriction } from './change-link-restriction.ts';

/**
 * Lifts a guardian link's restriction (ORG-4), for a reason the school gives: the guardian sees
 * the student again from the next request. The restriction lifted and the lift itself stay in
 * the link's history, with who, when and why, and the audit entry carries both reasons. Lifting
 * a link that is not restricted (someone lifted it a moment before) changes and records nothing.
 */
export async function liftGuardianLinkRestriction(ctx: AppContext, call: SignedInCall, input: { linkId: string; reason: string }): Promise<LinkChange> {
  const restriction = await changeLinkRestriction(ctx, call, input, (before) =>
    before.restricted ? { event: 'lifted', action: 'guardian_link.lift_restriction', details: { reason: input.reason, liftedReason: before.reason } } : null,
  );
  return { link: { linkId: input.linkId, restricted: false, restriction } };
}
