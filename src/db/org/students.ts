import type { Kysely, Transaction } from 'kysely';
import type { Database, RestrictionEvent } from '../schema.ts';

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

/** A student's file: identity, active class groups, and every active guardian link with its state. */
export async function findStudentFile(db: Kysely<Database>, studentId: string) {
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

async function studentClassGroups(db: Kysely<Database>, studentIds: readonly string[]) {
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

/** Who did something, as the school knows them; null when it was Balise itself (an import, the console). */
export interface PersonRef { id: string; givenName: string; familyName: string }

/** One entry of a link's restriction history (ORG-4). */
export interface RestrictionEntry { event: RestrictionEvent; reason: string; at: string; by: PersonRef | null }

/** A link's restriction: the one in force (if any) and everything before it, newest first. */
export interface LinkRestrictions { inForce: Omit<RestrictionEntry, 'event'> | null; history: RestrictionEntry[] }

const personRef = (id: string | null, givenName: string | null, familyName: string | null): PersonRef | null =>
  id ? { id, givenName: givenName ?? '', familyName: familyName ?? '' } : null;

/** The restriction in force and the history of each link, for the people who decide on them. */
export async function findLinkRestrictions(db: Kysely<Database>, linkIds: readonly string[]): Promise<Map<string, LinkRestrictions>> {
  const found = new Map<string, LinkRestrictions>(linkIds.map((id) => [id, { inForce: null, history: [] }]));
  if (linkIds.length === 0) return found;
  const [inForce, events] = await Promise.all([
    db
      .selectFrom('guardian_link')
      .leftJoin('person', 'person.id', 'guardian_link.restricted_by')
      .select(['guardian_link.id', 'restricted_reason', 'restricted_at', 'restricted_by', 'person.given_name', 'person.family_name'])
      .where('guardian_link.id', 'in', [...linkIds])
      .where('guardian_link.restricted', '=', 1)
      .execute(),
    db
      .selectFrom('guardian_link_restriction_event as e')
      .leftJoin('person', 'person.id', 'e.actor_id')
      .select(['e.link_id', 'e.event', 'e.reason', 'e.at', 'e.actor_id', 'person.given_name', 'person.family_name'])
      .where('e.link_id', 'in', [...linkIds])
      .orderBy('e.link_id')
      .orderBy('e.n', 'desc')
      .execute(),
  ]);
  for (const r of inForce) {
    found.get(r.id)!.inForce = { reason: r.restricted_reason ?? '', at: r.restricted_at ?? '', by: personRef(r.restricted_by, r.given_name, r.family_name) };
  }
  for (const e of events) {
    found.get(e.link_id)!.history.push({ event: e.event, reason: e.reason, at: e.at, by: personRef(e.actor_id, e.given_name, e.family_name) });
  }
  return found;
}

/** A link's restriction as it stands, read under a write lock so no one changes it before this transaction ends. */
export async function lockLinkRestriction(trx: Transaction<Database>, linkId: string) {
  // A no-op update takes the row's write lock on PostgreSQL and the database's on SQLite.
  const touched = await trx.updateTable('guardian_link').set((eb) => ({ restricted: eb.ref('restricted') })).where('id', '=', linkId).where('status', '=', 'active').executeTakeFirst();
  if (Number(touched.numUpdatedRows) === 0) return null;
  const link = await trx.selectFrom('guardian_link').select(['restricted', 'restricted_reason']).where('id', '=', linkId).executeTakeFirstOrThrow();
  return { restricted: Number(link.restricted) === 1, reason: link.restricted_reason };
}

/** Adds an entry to a link's history, after its last one. */
export async function appendRestrictionEvent(
  trx: Transaction<Database>,
  entry: { id: string; linkId: string; event: RestrictionEvent; reason: string; actorId: string | null; at: string },
) {
  const last = await trx
    .selectFrom('guardian_link_restriction_event')
    .select((eb) => eb.fn.max('n').as('n'))
    .where('link_id', '=', entry.linkId)
    .executeTakeFirst();
  await trx
    .insertInto('guardian_link_restriction_event')
    .values({ id: entry.id, link_id: entry.linkId, n: Number(last?.n ?? 0) + 1, event: entry.event, reason: entry.reason, actor_id: entry.actorId, at: entry.at })
    .execute();
}

/** The restriction in force on a link: set (a new one replaces the one before, kept in history) or lifted. */
export async function setLinkRestriction(
  trx: Transaction<Database>,
  linkId: string,
  restriction: { reason: string; by: string | null; at: string } | null,
) {
  await trx
    .updateTable('guardian_link')
    .set(
      restriction
        ? { restricted: 1, restricted_reason: restriction.reason, restricted_by: restriction.by, restricted_at: restriction.at }
        : { restricted: 0, restricted_reason: null, restricted_by: null, restricted_at: null },
    )
    .where('id', '=', linkId)
    .execute();
}
