import { sql, type Kysely } from 'kysely';

/** The tables whose rows the demo writes itself; everything else it writes hangs off these. */
const DEMO_TABLES = ['person', 'school', 'school_year', 'class_group'] as const;

/**
 * Demo rows are marked so they can be told from a real board's and removed whole (ORG-2: demo data
 * never coexists with a real board). `board.demo_seeded_at` says the board still holds them;
 * `board.demo_removed_at` that they were removed, so a restart does not seed them again.
 * A board seeded before this migration is recognised by its demo role assignments: the demo writes
 * every row with the same `created_at`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('board').addColumn('demo_seeded_at', 'text').execute();
  await db.schema.alterTable('board').addColumn('demo_removed_at', 'text').execute();
  for (const table of DEMO_TABLES) {
    await db.schema.alterTable(table).addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  await db.schema.createIndex('person_board_demo').on('person').columns(['board_id', 'demo', 'status']).execute();

  const seededAt = sql`(select min(r.created_at) from role_assignment r join person p on p.id = r.person_id where r.source = 'demo' and p.board_id = board.id)`;
  await sql`update board set demo_seeded_at = ${seededAt}`.execute(db);
  await sql`update person set demo = 1 where created_at = (select demo_seeded_at from board where board.id = person.board_id)`.execute(db);
  await sql`update school set demo = 1 where created_at = (select demo_seeded_at from board where board.id = school.board_id)`.execute(db);
  await sql`update school_year set demo = 1 where created_at = (select demo_seeded_at from board where board.id = school_year.board_id)`.execute(db);
  await sql`update class_group set demo = 1 where school_id in (select id from school where demo = 1)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('person_board_demo').execute();
  for (const table of DEMO_TABLES) await db.schema.alterTable(table).dropColumn('demo').execute();
  await db.schema.alterTable('board').dropColumn('demo_removed_at').execute();
  await db.schema.alterTable('board').dropColumn('demo_seeded_at').execute();
}
