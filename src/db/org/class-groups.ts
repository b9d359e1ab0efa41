import { createQueryId, NoResultError, sql, type Compilable, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from '../schema.ts';
import { dialectOf } from '../dialect.ts';

/**
 * A read built and compiled once per Kysely instance, then run with fresh parameters: the
 * query builder and the compiler are skipped on every later call. `build` gets one placeholder
 * per argument; each must end up as a bound parameter (checked on the first compile).
 */
export function compiledOnce<R, A extends string[]>(build: (db: Kysely<Database>, ...params: A) => Compilable<R>) {
  const cache = new WeakMap<Kysely<Database>, { compiled: CompiledQuery<R>; slots: number[] }>();
  return (db: Kysely<Database>, ...args: A): Promise<QueryResult<R>> => {
    let entry = cache.get(db);
    if (!entry) {
      const marks = args.map((_, i) => `\u0000param${i}\u0000`) as A;
      const compiled = build(db, ...marks).compile();
      const slots = compiled.parameters.map((p) => marks.indexOf(p as string));
      if (marks.some((_, i) => !slots.includes(i))) throw new Error('compiledOnce: a placeholder did not become a parameter');
      entry = { compiled, slots };
      cache.set(db, entry);
    }
    const { compiled, slots } = entry;
    const parameters = compiled.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
    return db.executeQuery<R>({ ...compiled, parameters, queryId: createQueryId() });
  };
}

export interface ClassGroupScope { boardId: string; schoolId: string; classGroupId: string }

const classGroupScopeQuery = compiledOnce((db, classGroupId: string) =>
  db
    .selectFrom('class_group')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .select(['class_group.id', 'class_group.school_id', 'school.board_id'])
    .where('class_group.id', '=', classGroupId),
);

export async function findClassGroupScope(db: Kysely<Database>, classGroupId: string): Promise<ClassGroupScope | null> {
  const row = (await classGroupScopeQuery(db, classGroupId)).rows[0];
  return row ? { boardId: row.board_id, schoolId: row.school_id, classGroupId: row.id } : null;
}

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

export function toClassGroupSummary(r: {
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

/** The class-list row: the group, with its teachers and students as JSON arrays of arrays. */
interface RosterRow {
  id: string;
  name: string;
  code: string | null;
  grades: string | null;
  school_id: string;
  school_name: string;
  year_id: string;
  year_name: string;
  /** [id, given name, family name][], as JSON text (SQLite) or parsed (PostgreSQL). */
  teachers: string | [string, string, string][] | null;
  /** [id, given name, family name, preferred name][], likewise. */
  students: string | [string, string, string, string | null][] | null;
}

/** The class list in one row; only the JSON aggregate functions differ between the engines. */
const rosterSql = (json: { agg: string; array: string }) => (classGroupId: string) => {
  const agg = sql.raw(json.agg);
  const arr = sql.raw(json.array);
  return sql<RosterRow>`
    select cg.id, cg.name, cg.code, cg.grades, cg.school_id, s.name as school_name, sy.id as year_id, sy.name as year_name,
           (select ${agg}(${arr}(p.id, p.given_name, p.family_name) order by p.family_name)
              from role_assignment ra join person p on p.id = ra.person_id
             where ra.scope_type = 'class' and ra.scope_id = cg.id and ra.role = 'teacher' and ra.status = 'active') as teachers,
           (select ${agg}(${arr}(p.id, p.given_name, p.family_name, p.preferred_name) order by p.family_name, p.given_name)
              from enrollment en join person p on p.id = en.person_id
             where en.class_group_id = cg.id and en.status = 'active') as students
      from class_group cg
      join school s on s.id = cg.school_id
      join school_year sy on sy.id = cg.school_year_id
     where cg.id = ${classGroupId}`;
};
const rosterSqlFor = {
  sqlite: rosterSql({ agg: 'json_group_array', array: 'json_array' }),
  postgres: rosterSql({ agg: 'json_agg', array: 'json_build_array' }),
};
/** One Kysely instance speaks one dialect: the statement for it is picked when first compiled. */
const rosterQuery = compiledOnce((db, classGroupId: string) => ({ compile: () => rosterSqlFor[dialectOf(db)](classGroupId).compile(db) }));

const jsonArray = <T>(v: string | T[] | null): T[] => (typeof v === 'string' ? (JSON.parse(v) as T[]) : (v ?? []));

/**
 * The class list: the group, its active teachers and its actively enrolled students.
 * One round trip returning one row: teachers (by family name) and students (by family, then
 * given name) come aggregated as JSON arrays, which costs the database and the driver far less
 * than one row object per person.
 */
export async function readClassRoster(db: Kysely<Database>, classGroupId: string) {
  const group = (await rosterQuery(db, classGroupId)).rows[0];
  if (!group) throw new NoResultError(db.selectFrom('class_group').select('id').where('id', '=', classGroupId).toOperationNode());
  const { studentCount: _count, ...summary } = toClassGroupSummary(group);
  return {
    classGroup: summary,
    teachers: jsonArray(group.teachers).map(([id, givenName, familyName]) => ({ id, givenName, familyName })),
    students: jsonArray(group.students).map(([id, givenName, familyName, preferredName]) => ({ id, givenName, familyName, preferredName })),
  };
}
