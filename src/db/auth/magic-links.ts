import type { Kysely } from 'kysely';
import type { Database, LinkPurpose } from '../schema.ts';
import { hashToken, newToken } from './sessions.ts';

export async function issueMagicLink(
  db: Kysely<Database>,
  personId: string,
  ttlMinutes: number,
  now = new Date(),
  purpose: LinkPurpose = 'sign_in',
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('magic_link')
    .values({
      token_hash: hashToken(token),
      person_id: personId,
      purpose,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMinutes * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** Links of one purpose sent to a person since a moment (a person may only ask for a few at a time). */
export async function countLinksSince(db: Kysely<Database>, personId: string, purpose: LinkPurpose, since: Date): Promise<number> {
  const row = await db
    .selectFrom('magic_link')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks the link used and returns its person, in one conditional update so that two
 * simultaneous clicks cannot both succeed. A link sent for another purpose is refused.
 */
export async function consumeMagicLink(
  db: Kysely<Database>, // a transaction too
  token: string,
  now = new Date(),
  purpose: LinkPurpose = 'sign_in',
): Promise<string | null> {
  const row = await db
    .updateTable('magic_link')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning('person_id')
    .executeTakeFirst();
  return row?.person_id ?? null;
}

/** The active person a link of this purpose may go to: guardians sign in by link; staff and students choose a password by link. */
export async function findLinkRecipient(db: Kysely<Database>, emailNormalized: string, purpose: LinkPurpose) {
  return (
    (await db
      .selectFrom('person')
      .select(['id', 'locale'])
      .where('email_normalized', '=', emailNormalized)
      .where('kind', purpose === 'sign_in' ? '=' : '!=', 'guardian')
      .where('status', '=', 'active')
      .executeTakeFirst()) ?? null
  );
}
