import type { AppContext } from '../app-context.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { guardiansShownTo } from '../../domain/org/guardians-shown.ts';
import { findLinkRestrictions, findStudentFile } from '../../db/org/students.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { StudentFile } from '../../api/students.ts';
import { studentTarget } from './targets.ts';

/**
 * A student's file (student.read): identity, groups, and the guardians this reader may see. The
 * people who decide on restrictions (ORG-4) also get, on each link, the restriction in force
 * and its history; no one else does — least of all the guardian concerned.
 */
export async function readStudentFile(ctx: AppContext, call: SignedInCall, input: { studentId: string }): Promise<StudentFile> {
  const k = ctx.db.kysely;
  const target = await authorize(ctx.audit, call, rules.readStudent, await studentTarget(k, input.studentId));
  const file = await findStudentFile(k, input.studentId);
  const shown = guardiansShownTo(call.actor, input.studentId, file.guardians);
  const restrictLinks = rules.restrictGuardianLink.check(call.actor, target.facts);
  const restrictions = restrictLinks ? await findLinkRestrictions(k, shown.guardians.map((g) => g.linkId)) : null;
  await recordAudit(ctx.audit, call, {
    action: 'student.read_file',
    outcome: 'allowed',
    scopeType: 'student',
    scopeId: input.studentId,
    targetType: 'student',
    targetId: input.studentId,
    subjectIds: [input.studentId, ...shown.guardians.map((g) => g.id)],
  });
  return {
    ...file,
    guardians: shown.guardians.map((g) => (restrictions ? { ...g, restriction: restrictions.get(g.linkId)! } : g)),
    guardianList: shown.list,
    can: { restrictLinks },
    canRestrictLinks: restrictLinks,
  };
}
