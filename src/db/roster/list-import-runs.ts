import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The board's latest import runs, newest first, as the administration page lists them. */
export async function listImportRuns(db: Kysely<Database>, boardId: string, limit = 20) {
  const runs = await db.selectFrom('import_run').selectAll().where('board_id', '=', boardId).orderBy('started_at', 'desc').limit(limit).execute();
  return runs.map((i) => ({
    id: i.id,
    startedAt: i.started_at,
    finishedAt: i.finished_at,
    status: i.status,
    format: i.kind,
    sourceLabel: i.source_label,
    counts: JSON.parse(i.counts) as Record<string, unknown>,
    errorCount: (JSON.parse(i.errors) as unknown[]).length,
  }));
}
