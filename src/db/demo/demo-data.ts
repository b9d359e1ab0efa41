import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Whether the board still holds the demonstration data (ORG-2: demo data never coexists with a
 * real board). Set by `seedDemo`, cleared by `removeDemoRows`.
 */
export async function boardHoldsDemoData(db: Kysely<Database>, boardId: string): Promise<boolean> {
  const board = await db.selectFrom('board').select('demo_seeded_at').where('id', '=', boardId).executeTakeFirst();
  return board?.demo_seeded_at != null;
}

/** Whether anyone real (not written by the demo) is active on the board: the demo password then opens nothing. */
export async function boardHoldsRealPeople(db: Kysely<Database>, boardId: string): Promise<boolean> {
  const real = await db
    .selectFrom('person')
    .select('id')
    .where('board_id', '=', boardId)
    .where('demo', '=', 0)
    .where('status', '=', 'active')
    .limit(1)
    .executeTakeFirst();
  return !!real;
}

/** The demo is seeded on a board's first start only: never on a board with people, nor again once removed. */
export async function boardMayReceiveDemo(db: Kysely<Database>, boardId: string): Promise<boolean> {
  const board = await db.selectFrom('board').select('demo_removed_at').where('id', '=', boardId).executeTakeFirst();
  if (!board || board.demo_removed_at != null) return false;
  const anyone = await db.selectFrom('person').select('id').where('board_id', '=', boardId).limit(1).executeTakeFirst();
  return !anyone;
}
