import type { AppContext } from '../app-context.ts';
import type { BoardAdministration } from '../../api/admin.ts';
import { authorize, type SignedInCall } from '../access/call.ts';
import { rules } from '../../domain/access/rules.ts';
import { legalProfile } from '../../domain/legal/profiles.ts';
import { countBoard, findBoard } from '../../db/org/board.ts';
import { listImportRuns } from '../../db/roster/list-import-runs.ts';
import { notFound } from '../http/api-error.ts';
import { boardTarget } from '../org/targets.ts';

/** The board, its legal profile, what it holds and its import history (counts only: no personal information). */
export async function readBoardAdministration(ctx: AppContext, call: SignedInCall): Promise<BoardAdministration> {
  const k = ctx.db.kysely;
  await authorize(ctx.audit, call, rules.administerBoard, boardTarget(ctx.boardId));
  const board = await findBoard(k, ctx.boardId);
  if (!board) throw notFound();
  return {
    board: { id: board.id, name: board.name },
    legalProfile: legalProfile(board.legal_profile),
    counts: await countBoard(k, ctx.boardId),
    imports: await listImportRuns(k, ctx.boardId),
  };
}
