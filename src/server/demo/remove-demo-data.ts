import type { AppContext } from '../app-context.ts';
import type { Call } from '../access/call.ts';
import { recordAuditIn } from '../audit/audit-trail.ts';
import { removeDemoRows, type RemovedDemoRows } from '../../db/demo/remove-demo-rows.ts';

/** A call from the board's console (the CLI): nobody signed in, the server's administrator acts. */
export type ConsoleCall = Call & { actor: null };
export const consoleCall: ConsoleCall = { actor: null, ip: null, requestId: null };

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
