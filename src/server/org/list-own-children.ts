import type { AppContext } from '../app-context.ts';
import type { SignedInCall } from '../access/call.ts';
import { listChildren } from '../../db/org/students.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { Child } from '../../api/students.ts';

/**
 * A guardian's own children, read from the links loaded with the caller (active and unrestricted
 * only, ORG-4): a child whose link is restricted is not there at all. Anyone else gets an empty list.
 */
export async function listOwnChildren(ctx: AppContext, call: SignedInCall): Promise<{ children: Child[] }> {
  const children = await listChildren(ctx.db.kysely, [...call.actor.childIds]);
  if (children.length > 0) {
    await recordAudit(ctx.audit, call, {
      action: 'guardian.read_children',
      outcome: 'allowed',
      scopeType: 'guardian',
      scopeId: call.actor.personId,
      subjectIds: children.map((c) => c.id),
    });
  }
  return { children };
}
