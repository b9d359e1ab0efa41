import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { AuditLog } from '../db/audit/audit-log.ts';
import { findSessionById, hashToken, liveOrNull, touchSession } from '../db/auth/sessions.ts';
import { loadActor } from '../db/people/load-actor.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Locale } from '../domain/legal/legal-profile.ts';
import type { SessionTable } from '../db/schema.ts';
import type { MaybePromise } from './access/route-access.ts';
import type { Mailer } from './mail/mailer.ts';
import { CACHE_TTL_MS, ShortLivedCache } from './cache/short-lived-cache.ts';
import { ACTOR_TABLES, CacheInvalidationPlugin, CLASS_LIST_TABLES, SESSION_TABLES, touches } from './cache/cache-invalidation-plugin.ts';
import { createClassListCache, type ClassListCache } from './org/class-list-cache.ts';

/** Everything a route needs, built once per process. */
export interface AppContext {
  config: Config;
  db: Db;
  audit: AuditLog;
  mailer: Mailer;
  boardId: string;
  defaultLocale: Locale;
  publicOrigin: string;
  now: () => Date;
  /** Cached views answer at once (no promise); a miss reads the database. */
  sessions: { find(token: string, now: Date): MaybePromise<SessionTable | null>; touch(id: string, now: Date): Promise<void> };
  actors: { load(personId: string): MaybePromise<Actor | null> };
  classLists: ClassListCache;
  /** Forgets every cached view: for changes written on another connection (an import thread). */
  invalidateCaches(): void;
}

export function createAppContext(args: {
  config: Config;
  db: Db;
  mailer: Mailer;
  boardId: string;
  defaultLocale: Locale;
  now?: () => Date;
}): AppContext {
  const sessionCache = new ShortLivedCache<SessionTable>(CACHE_TTL_MS);
  const actorCache = new ShortLivedCache<Actor>(CACHE_TTL_MS);
  let classLists: ClassListCache | undefined;
  // null: written tables unknown, so everything goes.
  const invalidate = (tables: Set<string> | null) => {
    if (touches(tables, SESSION_TABLES)) sessionCache.invalidate();
    if (touches(tables, ACTOR_TABLES)) actorCache.invalidate();
    if (touches(tables, CLASS_LIST_TABLES)) classLists?.invalidate();
  };
  const watcher = new CacheInvalidationPlugin(invalidate);
  // Same connection(s), same transactions: only the watcher is added.
  const db: Db = { ...args.db, kysely: args.db.kysely.withPlugin(watcher) };
  const k = db.kysely;
  classLists = createClassListCache(k);
  return {
    ...args,
    db,
    audit: new AuditLog(k),
    publicOrigin: new URL(args.config.publicUrl).origin,
    now: args.now ?? (() => new Date()),
    sessions: {
      find(token, now) {
        const id = hashToken(token);
        // Expiry is checked on every use, against the request's clock: never cached.
        const row = sessionCache.get(id, () => findSessionById(k, id));
        return row instanceof Promise ? row.then((r) => liveOrNull(r, now)) : liveOrNull(row, now);
      },
      // Only this session's `last_seen_at` changes: it is written past the watcher (which would
      // empty every session's entry, once a minute per active session) and only its entry goes.
      async touch(id, now) {
        await touchSession(args.db.kysely, id, now);
        sessionCache.forget(id);
      },
    },
    actors: { load: (id) => actorCache.get(id, () => loadActor(k, id)) },
    classLists,
    invalidateCaches: () => invalidate(null),
  };
}
