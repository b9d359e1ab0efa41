import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, BoardTable, PersonKind } from '../schema.ts';
import { appendAuditEntries } from '../audit/append-audit-entries.ts';

/** Balise runs one board per deployment: the first one made. null before the first start. */
export async function findDeploymentBoard(db: Kysely<Database>): Promise<BoardTable | null> {
  return (await db.selectFrom('board').selectAll().orderBy('created_at').executeTakeFirst()) ?? null;
}

/** The deployment's board is created at first start with its legal profile. */
export async function ensureBoard(
  db: Kysely<Database>,
  setup: { name: string; legalProfile: BoardTable['legal_profile']; defaultLocale: BoardTable['default_locale'] },
): Promise<{ board: BoardTable; created: boolean }> {
  const existing = await findDeploymentBoard(db);
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

export async function findBoard(db: Kysely<Database>, boardId: string) {
  return (await db.selectFrom('board').selectAll().where('id', '=', boardId).executeTakeFirst()) ?? null;
}

/** What the board holds today: active schools, years, class groups, and people by kind. */
export async function countBoard(db: Kysely<Database>, boardId: string) {
  const count = async (table: 'school' | 'school_year') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('board_id', '=', boardId).where('status', '=', 'active').executeTakeFirstOrThrow()).n);
  const classGroups = await db
    .selectFrom('class_group')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('school.board_id', '=', boardId)
    .where('class_group.status', '=', 'active')
    .executeTakeFirstOrThrow();
  const people = await countActivePeople(db, boardId);
  return {
    schools: await count('school'),
    schoolYears: await count('school_year'),
    classGroups: Number(classGroups.n),
    students: people.student,
    guardians: people.guardian,
    staff: people.staff,
  };
}

/** How many students, guardians and staff are active on the board (a kind with nobody counts 0). */
export async function countActivePeople(db: Kysely<Database>, boardId: string): Promise<Record<PersonKind, number>> {
  const rows = await db
    .selectFrom('person')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('board_id', '=', boardId)
    .where('status', '=', 'active')
    .groupBy('kind')
    .execute();
  const ofKind = (kind: PersonKind) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
  return { student: ofKind('student'), guardian: ofKind('guardian'), staff: ofKind('staff') };
}
