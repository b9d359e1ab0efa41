import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface StudentScope { boardId: string; studentId: string; schoolIds: string[]; classGroupIds: string[] }

/** Where a student is actively enrolled: what decides who may see them. */
export async function findStudentScope(db: Kysely<Database>, studentId: string): Promise<StudentScope | null> {
  const person = await db
    .selectFrom('person')
    .select(['id', 'board_id'])
    .where('id', '=', studentId)
    .where('kind', '=', 'student')
    .executeTakeFirst();
  if (!person) return null;
  const enrollments = await db
    .selectFrom('enrollment')
    .innerJoin('class_group', 'class_group.id', 'enrollment.class_group_id')
    .select(['class_group.id', 'class_group.school_id'])
    .where('enrollment.person_id', '=', studentId)
    .where('enrollment.status', '=', 'active')
    .execute();
  return {
    boardId: person.board_id,
    studentId: person.id,
    schoolIds: [...new Set(enrollments.map((e) => e.school_id))],
    classGroupIds: enrollments.map((e) => e.id),
  };
}

export async function readStudentFile(db: Kysely<Database>, studentId: string) {
  const [student, classGroups, guardians] = await Promise.all([
    db
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'preferred_name', 'grades'])
      .where('id', '=', studentId)
      .executeTakeFirstOrThrow(),
    studentClassGroups(db, [studentId]),
    db
      .selectFrom('guardian_link')
      .innerJoin('person', 'person.id', 'guardian_link.guardian_id')
      .select([
        'guardian_link.id as link_id', 'person.id', 'person.given_name', 'person.family_name',
        'guardian_link.relationship', 'guardian_link.restricted',
      ])
      .where('guardian_link.student_id', '=', studentId)
      .where('guardian_link.status', '=', 'active')
      .orderBy('person.family_name')
      .execute(),
  ]);
  return {
    student: { id: student.id, givenName: student.given_name, familyName: student.family_name, preferredName: student.preferred_name, grades: student.grades },
    classGroups: classGroups.map(({ id, name, schoolName }) => ({ id, name, schoolName })),
    guardians: guardians.map((g) => ({
      linkId: g.link_id, id: g.id, givenName: g.given_name, familyName: g.family_name,
      relationship: g.relationship, restricted: Number(g.restricted) === 1,
    })),
  };
}

export async function studentClassGroups(db: Kysely<Database>, studentIds: readonly string[]) {
  if (studentIds.length === 0) return [];
  const rows = await db
    .selectFrom('enrollment')
    .innerJoin('class_group', 'class_group.id', 'enrollment.class_group_id')
    .innerJoin('school', 'school.id', 'class_group.school_id')
    .select(['enrollment.person_id', 'class_group.id', 'class_group.name', 'school.name as school_name'])
    .where('enrollment.person_id', 'in', [...studentIds])
    .where('enrollment.status', '=', 'active')
    .orderBy('class_group.name')
    .execute();
  return rows.map((r) => ({ studentId: r.person_id, id: r.id, name: r.name, schoolName: r.school_name }));
}

/** A guardian's children: active, unrestricted links only (ORG-4). */
export async function listChildren(db: Kysely<Database>, childIds: readonly string[]) {
  if (childIds.length === 0) return [];
  const [people, groups] = await Promise.all([
    db
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'preferred_name'])
      .where('id', 'in', [...childIds])
      .where('status', '=', 'active')
      .orderBy('given_name')
      .execute(),
    studentClassGroups(db, childIds),
  ]);
  return people.map((p) => ({
    id: p.id,
    givenName: p.given_name,
    familyName: p.family_name,
    preferredName: p.preferred_name,
    classGroups: groups.filter((g) => g.studentId === p.id).map(({ id, name, schoolName }) => ({ id, name, schoolName })),
  }));
}

export async function findGuardianLinkScope(db: Kysely<Database>, linkId: string) {
  const link = await db
    .selectFrom('guardian_link')
    .select(['id', 'guardian_id', 'student_id'])
    .where('id', '=', linkId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!link) return null;
  const scope = await findStudentScope(db, link.student_id);
  return scope ? { ...scope, guardianId: link.guardian_id, linkId: link.id } : null;
}

export async function setGuardianLinkRestriction(
  db: Kysely<Database>,
  linkId: string,
  restriction: { restricted: true; reason: string; by: string; at: string } | { restricted: false },
) {
  await db
    .updateTable('guardian_link')
    .set(
      restriction.restricted
        ? { restricted: 1, restricted_reason: restriction.reason, restricted_by: restriction.by, restricted_at: restriction.at }
        : { restricted: 0, restricted_reason: null, restricted_by: null, restricted_at: null },
    )
    .where('id', '=', linkId)
    .execute();
}
