import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { normalizeLogin } from '../../domain/people/login-name.ts';
import { lockedUntilAfterFailure, type LockoutPolicy } from '../../domain/auth/lockout.ts';

/** A name's counters are forgotten a day after its last failure. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/** Whether a name that matches no account is locked, as an account would be. */
export async function isUnknownLoginLocked(db: Kysely<Database>, login: string, now: Date): Promise<boolean> {
  const row = await db.selectFrom('sign_in_throttle').select('locked_until').where('login', '=', normalizeLogin(login)).executeTakeFirst();
  return !!row?.locked_until && row.locked_until > now.toISOString();
}

/** Counts a failure for a name that matches no account, exactly as for an account. */
export async function recordFailedUnknownLogin(db: Kysely<Database>, login: string, policy: LockoutPolicy, now: Date) {
  const key = normalizeLogin(login);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sign_in_throttle').where('updated_at', '<', new Date(now.getTime() - FORGET_AFTER_MS).toISOString()).execute();
    const row = await trx
      .insertInto('sign_in_throttle')
      .values({ login: key, failed_attempts: 1, locked_until: null, updated_at: at })
      .onConflict((oc) => oc.column('login').doUpdateSet((eb) => ({ failed_attempts: eb('sign_in_throttle.failed_attempts', '+', 1), updated_at: at })))
      .returning('failed_attempts')
      .executeTakeFirstOrThrow();
    const until = lockedUntilAfterFailure(row.failed_attempts, policy, now);
    if (until === null) return { locked: false };
    await trx.updateTable('sign_in_throttle').set({ locked_until: until, failed_attempts: 0 }).where('login', '=', key).execute();
    return { locked: true };
  });
}
