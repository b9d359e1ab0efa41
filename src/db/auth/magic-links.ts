import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { hashToken, newToken } from './sessions.ts';

export async function issueMagicLink(db: Kysely<Database>, personId: string, ttlMinutes: number, now = new Date()): Promise<string> {
  const token = newToken();
  await db
    .insertInto('magic_link')
    .values({
      token_hash: hashToken(token),
      person_id: personId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMinutes * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/**
 * Marks the link used and returns its person, in one conditional update so that two
 * simultaneous clicks cannot both succeed.
 */
export async function consumeMagicLink(db: Kysely<Database>, token: string, now = new Date()): Promise<string | null> {
  const row = await db
    .updateTable('magic_link')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .returning('person_id')
    .executeTakeFirst();
  return row?.person_id ?? null;
}
