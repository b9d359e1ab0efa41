import fs from 'node:fs';
import type { AppContext } from '../app-context.ts';
import type { ConsoleCall } from '../access/call.ts';
import { recordAuditIn } from '../audit/audit-trail.ts';
import { failImportsStartedBefore } from '../../db/roster/import-runs.ts';
import { failedImportNote } from './run-roster-import.ts';
import { uploadsDir } from './store-upload.ts';

/** What the history says of an import a restart cut short, in the run's stored error format (both languages). */
const INTERRUPTED_IMPORT = {
  file: '',
  line: null,
  code: 'roster.interrupted',
  message: {
    fr: 'L’importation a été interrompue (redémarrage du serveur) : rien n’a été enregistré. Relancez-la.',
    en: 'The import was interrupted (the server restarted): nothing was saved. Run it again.',
  },
} as const;

/**
 * At start, before the server takes requests: the imports it was running when it stopped (ORG-2,
 * issue 16 B8) would stay « en cours » forever. Their transaction never committed, so nothing of
 * them was written: each run is marked failed, saying so, with its audit entry, and the uploads
 * they were reading are removed from the data directory. Returns the runs failed.
 */
export async function failInterruptedImports(
  ctx: Pick<AppContext, 'db' | 'boardId' | 'config'>,
  call: ConsoleCall,
  input: { startedBefore: Date },
): Promise<string[]> {
  const at = new Date().toISOString();
  const failed = await ctx.db.kysely.transaction().execute(async (trx) => {
    const runs = await failImportsStartedBefore(trx, ctx.boardId, { startedBefore: input.startedBefore.toISOString(), errors: [INTERRUPTED_IMPORT], at });
    const boardId = ctx.boardId;
    for (const run of runs) await recordAuditIn(trx, call, failedImportNote({ boardId, ...run }, { error: 'interrupted' }));
    return runs.map((r) => r.runId);
  });
  // Nothing reads them any more: no import runs in this process yet.
  await fs.promises.rm(uploadsDir(ctx.config.dataDir), { recursive: true, force: true });
  return failed;
}
