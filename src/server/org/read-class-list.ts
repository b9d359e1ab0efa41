import type { AppContext } from '../app-context.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { findClassGroup, listClassMembers } from '../../db/org/class-groups.ts';
import { notFound } from '../http/api-error.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { classGroupTargetOf } from './targets.ts';

/** A class list (ORG-1): the group, its teachers and its students, logged with everyone on it before it is sent. */
export async function readClassList(ctx: AppContext, call: SignedInCall, input: { classGroupId: string }) {
  const k = ctx.db.kysely;
  // The group is read once: its scope decides the rule, its summary heads the list.
  const group = await findClassGroup(k, input.classGroupId);
  if (!group) throw notFound();
  const target = await authorize(ctx.audit, call, rules.readClassGroup, classGroupTargetOf(group.boardId, group.summary));
  const list = { classGroup: group.summary, ...(await listClassMembers(k, input.classGroupId)) };
  await recordAudit(ctx.audit, call, {
    action: 'class_group.read_roster',
    outcome: 'allowed',
    scopeType: 'class',
    scopeId: input.classGroupId,
    targetType: 'class_group',
    targetId: input.classGroupId,
    subjectIds: [...list.students.map((s) => s.id), ...list.teachers.map((t) => t.id)],
  });
  return { ...list, can: { readSchool: rules.readSchool.check(call.actor, target.facts) } };
}
