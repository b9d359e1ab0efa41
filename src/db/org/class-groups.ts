import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Class groups filtered by whichever of the three scopes applies; all filters are ORed. */
export async function listClassGroups(
  db: Kysely<Database>,
  filter: { boardId: string; wholeBoard: boolean; schoolIds: readonly string[]; classGroupIds: readonly string[] },
) {
  if (!filter.wholeBoard && filter.schoolIds.length === 0 && filter.classGroupIds.length === 0) return [];
  const rows = await db
    .selectFrom('class_group')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .innerJoin('school_year', 'school_year.id', 'class_group.school_year_id')
    .select((eb) => [
      'class_group.id',
      'class_group.name',
      'class_group.code',
      'class_group.grades',
      'class_group.school_id',
      'school.name as school_name',
      'school_year.id as year_id',
      'school_year.name as year_name',
      eb
        .selectFrom('enrollment')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('enrollment.class_group_id', '=', 'class_group.id')
        .where('enrollment.status', '=', 'active')
        .as('student_count'),
    ])
    .where('school.board_id', '=', filter.boardId)
    .where('class_group.status', '=', 'active')
    .$if(!filter.wholeBoard, (q) =>
      q.where((eb) => {
        const ors = [];
        if (filter.schoolIds.length) ors.push(eb('class_group.school_id', 'in', [...filter.schoolIds]));
        if (filter.classGroupIds.length) ors.push(eb('class_group.id', 'in', [...filter.classGroupIds]));
        return eb.or(ors);
      }),
    )
    .orderBy('school.name')
    .orderBy('school_year.starts_on', 'desc')
    .orderBy('class_group.name')
    .execute();
  return rows.map(toClassGroupSummary);
}

function toClassGroupSummary(r: {
  id: string; name: string; code: string | null; grades: string | null; school_id: string; school_name: string;
  year_id: string; year_name: string; student_count?: number | string | null;
}) {
  return {
    id: r.id,
    name: r.name,
    code: r.code,
    grades: r.grades,
    schoolId: r.school_id,
    schoolName: r.school_name,
    schoolYear: { id: r.year_id, name: r.year_name },
    studentCount: Number(r.student_count ?? 0),
  };
}

/** A class group with its school, year and board (the scope its rule decides on); null when it does not exist. */
export async function findClassGroup(db: Kysely<Database>, classGroupId: string) {
  const group = await db
    .selectFrom('class_group')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .innerJoin('school_year', 'school_year.id', 'class_group.school_year_id')
    .select([
      'class_group.id', 'class_group.name', 'class_group.code', 'class_group.grades', 'class_group.school_id',
      'school.name as school_name', 'school.board_id', 'school_year.id as year_id', 'school_year.name as year_name',
    ])
    .where('class_group.id', '=', classGroupId)
    .executeTakeFirst();
  if (!group) return null;
  const { studentCount: _count, ...summary } = toClassGroupSummary(group);
  return { boardId: group.board_id, summary };
}

/** A class group's active teachers (by family name) and actively enrolled students (by family, then given name). */
export async function listClassMembers(db: Kysely<Database>, classGroupId: string) {
  const teachers = await db
    .selectFrom('role_assignment')
    .innerJoin('person', 'person.id', 'role_assignment.person_id')
    .select(['person.id', 'person.given_name', 'person.family_name'])
    .where('role_assignment.scope_type', '=', 'class')
    .where('role_assignment.scope_id', '=', classGroupId)
    .where('role_assignment.role', '=', 'teacher')
    .where('role_assignment.status', '=', 'active')
    .orderBy('person.family_name')
    .execute();
  const students = await db
    .selectFrom('enrollment')
    .innerJoin('person', 'person.id', 'enrollment.person_id')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.preferred_name'])
    .where('enrollment.class_group_id', '=', classGroupId)
    .where('enrollment.status', '=', 'active')
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .execute();
  return {
    teachers: teachers.map((t) => ({ id: t.id, givenName: t.given_name, familyName: t.family_name })),
    students: students.map((p) => ({ id: p.id, givenName: p.given_name, familyName: p.family_name, preferredName: p.preferred_name })),
  };
}
