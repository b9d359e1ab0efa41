import type { AppContext } from '../app-context.ts';
import type { SignedInCall } from '../access/call.ts';
import { isBoardLeader, ledSchoolIds } from '../../domain/access/actor.ts';
import { listSchools } from '../../db/org/schools.ts';

/** The schools the caller leads, or all of them for board leaders: no personal information. */
export async function listVisibleSchools(ctx: AppContext, call: SignedInCall) {
  const { actor } = call;
  return { schools: await listSchools(ctx.db.kysely, { boardId: actor.boardId, wholeBoard: isBoardLeader(actor), schoolIds: ledSchoolIds(actor) }) };
}
