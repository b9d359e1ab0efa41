import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { AuditLog } from '../db/audit/audit-log.ts';
import type { Locale } from '../domain/legal/legal-profile.ts';
import type { Mailer } from './mail/mailer.ts';

/** Everything an operation needs, built once per process. It holds no copy of the database's data. */
export interface AppContext {
  config: Config;
  db: Db;
  audit: AuditLog;
  mailer: Mailer;
  boardId: string;
  defaultLocale: Locale;
  publicOrigin: string;
  now: () => Date;
}

export function createAppContext(args: {
  config: Config;
  db: Db;
  mailer: Mailer;
  boardId: string;
  defaultLocale: Locale;
  now?: () => Date;
}): AppContext {
  return {
    ...args,
    audit: new AuditLog(args.db.kysely),
    publicOrigin: new URL(args.config.publicUrl).origin,
    now: args.now ?? (() => new Date()),
  };
}
