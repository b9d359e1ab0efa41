import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function findSchoolScope(db: Kysely<Database>, schoolId: string) {
  const row = await db.selectFrom('school').select(['id', 'board_id']).where('id', '=', schoolId).executeTakeFirst();
  return row ? { boardId: row.board_id, schoolId: row.id } : null;
}

export async function listSchools(db: Kysely<Database>, filter: { boardId: string; wholeBoard: boolean; schoolIds: readonly string[] }) {
  if (!filter.wholeBoard && filter.schoolIds.length === 0) return [];
  const rows = await db
    .selectFrom('school')
    .select((eb) => [
      'school.id',
      'school.name',
      'school.code',
      eb
        .selectFrom('class_group')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('class_group.school_id', '=', 'school.id')
        .where('class_group.status', '=', 'active')
        .as('class_group_count'),
      eb
        .selectFrom('enrollment')
        .innerJoin('class_group', 'class_group.id', 'enrollment.class_group_id')
        .select((sub) => sub.fn.count<number>('enrollment.person_id').distinct().as('n'))
        .whereRef('class_group.school_id', '=', 'school.id')
        .where('enrollment.status', '=', 'active')
        .as('student_count'),
    ])
    .where('school.board_id', '=', filter.boardId)
    .where('school.status', '=', 'active')
    .$if(!filter.wholeBoard, (q) => q.where('school.id', 'in', [...filter.schoolIds]))
    .orderBy('school.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    code: r.code,
    classGroupCount: Number(r.class_group_count ?? 0),
    studentCount: Number(r.student_count ?? 0),
  }));
}

export async function findSchool(db: Kysely<Database>, schoolId: string) {
  return (await db.selectFrom('school').select(['id', 'name', 'code']).where('id', '=', schoolId).executeTakeFirst()) ?? null;
}
