import type { Kysely } from 'kysely';
import type { Database, OidcLoginTable } from '../schema.ts';

/** A sign-in started with the identity provider: kept so that any instance can finish it. */
export async function saveOidcLogin(db: Kysely<Database>, login: OidcLoginTable, now: Date): Promise<void> {
  await db.deleteFrom('oidc_login').where('expires_at', '<', now.toISOString()).execute();
  await db.insertInto('oidc_login').values(login).execute();
}

/** Takes (and removes) the unexpired sign-in of this state: a state is used once. */
export async function takeOidcLogin(db: Kysely<Database>, state: string, now: Date): Promise<OidcLoginTable | null> {
  return (await db.deleteFrom('oidc_login').where('state', '=', state).where('expires_at', '>', now.toISOString()).returningAll().executeTakeFirst()) ?? null;
}

/** The active person already linked to this (issuer, subject) pair. */
export async function findPersonByOidcIdentity(db: Kysely<Database>, issuer: string, subject: string): Promise<string | null> {
  const row = await db
    .selectFrom('oidc_identity')
    .innerJoin('person', 'person.id', 'oidc_identity.person_id')
    .select('person.id')
    .where('oidc_identity.issuer', '=', issuer)
    .where('oidc_identity.subject', '=', subject)
    .where('person.status', '=', 'active')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** An active staff member or student with this normalized e-mail (guardians sign in by link only). */
export async function findStaffOrStudentByEmail(db: Kysely<Database>, emailNormalized: string): Promise<string | null> {
  const row = await db
    .selectFrom('person')
    .select('id')
    .where('email_normalized', '=', emailNormalized)
    .where('kind', 'in', ['staff', 'student'])
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function linkOidcIdentity(db: Kysely<Database>, link: { issuer: string; subject: string; personId: string; at: Date }): Promise<void> {
  await db
    .insertInto('oidc_identity')
    .values({ issuer: link.issuer, subject: link.subject, person_id: link.personId, created_at: link.at.toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
