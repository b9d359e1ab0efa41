import type { AppContext } from '../app-context.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { findSchool } from '../../db/org/schools.ts';
import { listClassGroups } from '../../db/org/class-groups.ts';
import { notFound } from '../http/api-error.ts';
import { schoolTarget } from './targets.ts';

/** A school and its class groups (no personal information). */
export async function readSchool(ctx: AppContext, call: SignedInCall, input: { schoolId: string }) {
  const k = ctx.db.kysely;
  const target = await authorize(ctx.audit, call, rules.readSchool, await schoolTarget(k, input.schoolId));
  const school = await findSchool(k, input.schoolId);
  if (!school) throw notFound();
  const classGroups = await listClassGroups(k, { boardId: target.facts.boardId, wholeBoard: false, schoolIds: [school.id], classGroupIds: [] });
  return { school, classGroups };
}
