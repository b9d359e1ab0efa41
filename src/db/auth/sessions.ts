import { hash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SessionTable } from '../schema.ts';

export const hashToken = (token: string) => hash('sha256', token, 'hex');
export const newToken = () => randomBytes(32).toString('base64url');

export async function createSession(
  db: Kysely<Database>,
  args: { personId: string; method: SessionTable['auth_method']; locale: string; ip: string | null; ttlHours: number; now?: Date },
): Promise<{ token: string; session: SessionTable }> {
  const now = args.now ?? new Date();
  const token = newToken();
  const session: SessionTable = {
    id: hashToken(token),
    person_id: args.personId,
    csrf_token: newToken(),
    auth_method: args.method,
    locale: args.locale,
    ip: args.ip,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + args.ttlHours * 3600_000).toISOString(),
  };
  await db.insertInto('session').values(session).execute();
  return { token, session };
}

export async function endSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

/** Ends every session of a person (a password was just changed: other browsers must sign in again). */
export async function endSessionsOf(db: Kysely<Database>, personId: string): Promise<void> {
  await db.deleteFrom('session').where('person_id', '=', personId).execute();
}

export async function touchSession(db: Kysely<Database>, sessionId: string, now: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: now.toISOString() }).where('id', '=', sessionId).execute();
}

/** The session with this id if it has not expired at `now` (checked against the request's clock). */
export async function findLiveSession(db: Kysely<Database>, sessionId: string, now: Date): Promise<SessionTable | null> {
  const row = await db.selectFrom('session').selectAll().where('id', '=', sessionId).executeTakeFirst();
  return row && row.expires_at > now.toISOString() ? row : null;
}

/** Who is signed in and on which board, as the web client shows them (name, kind; board name, profile, demo). */
export async function findSignedInPerson(db: Kysely<Database>, who: { personId: string; boardId: string }) {
  const [person, board] = await Promise.all([
    db.selectFrom('person').select(['id', 'given_name', 'family_name', 'kind']).where('id', '=', who.personId).executeTakeFirstOrThrow(),
    db.selectFrom('board').select(['id', 'name', 'legal_profile', 'demo_seeded_at']).where('id', '=', who.boardId).executeTakeFirstOrThrow(),
  ]);
  return { person, board };
}
