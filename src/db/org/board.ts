import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, BoardTable } from '../schema.ts';
import { appendAuditEntries } from '../audit/append-audit-entries.ts';

/** Balise runs one board per deployment; it is created at first start with its legal profile. */
export async function ensureBoard(
  db: Kysely<Database>,
  setup: { name: string; legalProfile: BoardTable['legal_profile']; defaultLocale: BoardTable['default_locale'] },
): Promise<{ board: BoardTable; created: boolean }> {
  const existing = await db.selectFrom('board').selectAll().orderBy('created_at').executeTakeFirst();
  if (existing) return { board: existing, created: false };
  const board: BoardTable = {
    id: randomUUID(),
    name: setup.name,
    legal_profile: setup.legalProfile,
    default_locale: setup.defaultLocale,
    source_id: null,
    created_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('board').values(board).execute();
    await appendAuditEntries(trx, [{ actorId: null, action: 'board.setup', outcome: 'succeeded', scopeType: 'board', scopeId: board.id, details: { legalProfile: board.legal_profile } }]);
  });
  return { board, created: true };
}

export async function boardHasPeople(db: Kysely<Database>, boardId: string): Promise<boolean> {
  return !!(await db.selectFrom('person').select('id').where('board_id', '=', boardId).limit(1).executeTakeFirst());
}

export async function findBoard(db: Kysely<Database>, boardId: string) {
  return (await db.selectFrom('board').selectAll().where('id', '=', boardId).executeTakeFirst()) ?? null;
}

/** What the board holds today: active schools, years, class groups, and people by kind. */
export async function countBoard(db: Kysely<Database>, boardId: string) {
  const count = async (table: 'school' | 'school_year') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('board_id', '=', boardId).where('status', '=', 'active').executeTakeFirstOrThrow()).n);
  const people = await db
    .selectFrom('person')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('board_id', '=', boardId)
    .where('status', '=', 'active')
    .groupBy('kind')
    .execute();
  const classGroups = await db
    .selectFrom('class_group')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('school.board_id', '=', boardId)
    .where('class_group.status', '=', 'active')
    .executeTakeFirstOrThrow();
  const byKind = (kind: string) => Number(people.find((p) => p.kind === kind)?.n ?? 0);
  return {
    schools: await count('school'),
    schoolYears: await count('school_year'),
    classGroups: Number(classGroups.n),
    students: byKind('student'),
    guardians: byKind('guardian'),
    staff: byKind('staff'),
  };
}
