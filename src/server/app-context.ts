import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { AuditLog } from '../db/audit/audit-log.ts';
import { findLiveSession, touchSession } from '../db/auth/sessions.ts';
import { loadActor } from '../db/people/load-actor.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Locale } from '../domain/legal/legal-profile.ts';
import type { SessionTable } from '../db/schema.ts';
import type { Mailer } from './mail/mailer.ts';

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
  sessions: { find(token: string, now: Date): Promise<SessionTable | null>; touch(id: string, now: Date): Promise<void> };
  actors: { load(personId: string): Promise<Actor | null> };
}

export function createAppContext(args: {
  config: Config;
  db: Db;
  mailer: Mailer;
  boardId: string;
  defaultLocale: Locale;
  now?: () => Date;
}): AppContext {
  const k = args.db.kysely;
  return {
    ...args,
    audit: new AuditLog(k),
    publicOrigin: new URL(args.config.publicUrl).origin,
    now: args.now ?? (() => new Date()),
    sessions: { find: (t, now) => findLiveSession(k, t, now), touch: (id, now) => touchSession(k, id, now) },
    actors: { load: (id) => loadActor(k, id) },
  };
}
