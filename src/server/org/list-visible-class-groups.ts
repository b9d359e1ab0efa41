import type { AppContext } from '../app-context.ts';
import type { SignedInCall } from '../access/call.ts';
import { isBoardLeader, ledSchoolIds } from '../../domain/access/actor.ts';
import { listClassGroups } from '../../db/org/class-groups.ts';

/** The class groups within the caller's own scopes: no personal information, so nothing to audit. */
export async function listVisibleClassGroups(ctx: AppContext, call: SignedInCall) {
  const { actor } = call;
  const classGroups = await listClassGroups(ctx.db.kysely, {
    boardId: actor.boardId,
    wholeBoard: isBoardLeader(actor),
    schoolIds: ledSchoolIds(actor),
    classGroupIds: [...actor.teachesClassIds],
  });
  return { classGroups };
}
