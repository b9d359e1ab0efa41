import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * One-time links are kept a day past their expiry: a person's link requests are counted over the
 * link lifetime (send-link-by-email.ts), at most a day (MAGIC_LINK_TTL_MINUTES), and purging a link
 * still inside that window would let more links be sent.
 */
const LINK_KEPT_AFTER_EXPIRY_MS = 24 * 60 * 60_000;

/**
 * Deletes one-time links and unfinished OpenID Connect sign-ins that can no longer be used:
 * until now they were only cleaned when another sign-in started, and links never.
 */
export async function purgeExpiredSignIns(db: Kysely<Database>, now: Date): Promise<{ links: number; oidcLogins: number }> {
  const links = await db
    .deleteFrom('magic_link')
    .where('expires_at', '<', new Date(now.getTime() - LINK_KEPT_AFTER_EXPIRY_MS).toISOString())
    .executeTakeFirst();
  const logins = await db.deleteFrom('oidc_login').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  return { links: Number(links.numDeletedRows), oidcLogins: Number(logins.numDeletedRows) };
}
