import type { Kysely } from 'kysely';

/**
 * Issue 16 B8 and B2: an import run is recorded from its start, with where it is (`phase`,
 * `progress`: files read, rows checked, rows written), what the privacy officer should know
 * (`warnings`, `restrictions_carried`) and, when it would end too much of the board, what it
 * would end (`hold`).
 * `status` gains 'running' and 'held'. Runs recorded before keep their outcome, phase 'done'.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_run').addColumn('phase', 'text', (c) => c.notNull().defaultTo('done')).execute();
  await db.schema.alterTable('import_run').addColumn('progress', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('import_run').addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('import_run').addColumn('hold', 'text').execute();
  await db.schema.alterTable('import_run').addColumn('restrictions_carried', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('import_run_board_started').on('import_run').columns(['board_id', 'started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('import_run_board_started').execute();
  for (const column of ['restrictions_carried', 'hold', 'warnings', 'progress', 'phase']) await db.schema.alterTable('import_run').dropColumn(column).execute();
}
