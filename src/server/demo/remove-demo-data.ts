import type { AppContext } from '../app-context.ts';
import type { ConsoleCall } from '../access/call.ts';
import { recordAuditIn } from '../audit/audit-trail.ts';
import { removeDemoRows, type RemovedDemoRows } from '../../db/demo/remove-demo-rows.ts';

/**
 * Removes the demonstration data from the board, whole, in one transaction (ORG-2: demo data never
 * coexists with a real board), so a real roster can be imported. Idempotent: a second run removes
 * nothing. The audit log keeps every earlier entry (append-only, ids only) and gains `demo.remove`.
 */
export async function removeDemoData(ctx: Pick<AppContext, 'db' | 'boardId' | 'now'>, call: ConsoleCall): Promise<RemovedDemoRows> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const removed = await removeDemoRows(trx, ctx.boardId, ctx.now());
    await recordAuditIn(trx, call, {
      action: 'demo.remove',
      outcome: 'succeeded',
      scopeType: 'board',
      scopeId: ctx.boardId,
      details: { ...removed },
    });
    return removed;
  });
}
