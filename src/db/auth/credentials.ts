import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { normalizeLogin } from '../../domain/people/login-name.ts';
import { lockedUntilAfterFailure, type LockoutPolicy } from '../../domain/auth/lockout.ts';

/** Finds an active staff or student person by username or e-mail, with their password credential. */
export async function findPasswordAccount(db: Kysely<Database>, login: string) {
  const normalized = normalizeLogin(login);
  return db
    .selectFrom('person')
    .innerJoin('password_credential', 'password_credential.person_id', 'person.id')
    .select([
      'person.id as personId',
      'person.kind',
      'person.locale',
      'password_credential.password_hash as passwordHash',
      'password_credential.locked_until as lockedUntil',
    ])
    .where('person.status', '=', 'active')
    .where('person.kind', '!=', 'guardian')
    .where((eb) => eb.or([eb('person.username', '=', normalized), eb('person.email_normalized', '=', normalized)]))
    .executeTakeFirst();
}

/** What a person signs in with (username, e-mail address): a password must not be one of them. */
export async function findLoginNames(db: Kysely<Database>, personId: string): Promise<{ username: string | null; email: string | null }> {
  return db.selectFrom('person').select(['username', 'email']).where('id', '=', personId).executeTakeFirstOrThrow();
}

export async function recordFailedPassword(db: Kysely<Database>, personId: string, policy: LockoutPolicy, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('password_credential')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), updated_at: now.toISOString() }))
      .where('person_id', '=', personId)
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    const until = lockedUntilAfterFailure(row.failed_attempts, policy, now);
    if (until !== null) {
      await trx.updateTable('password_credential').set({ locked_until: until, failed_attempts: 0 }).where('person_id', '=', personId).execute();
      return { locked: true };
    }
    return { locked: false };
  });
}

export async function recordSuccessfulPassword(db: Kysely<Database>, personId: string, now = new Date()) {
  await db
    .updateTable('password_credential')
    .set({ failed_attempts: 0, locked_until: null, updated_at: now.toISOString() })
    .where('person_id', '=', personId)
    .execute();
}

export async function setPassword(db: Kysely<Database>, personId: string, passwordHash: string, now = new Date()) {
  const credential = { password_hash: passwordHash, failed_attempts: 0, locked_until: null, updated_at: now.toISOString() };
  await db
    .insertInto('password_credential')
    .values({ person_id: personId, ...credential })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(credential))
    .execute();
}
