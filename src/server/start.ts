import path from 'node:path';
import type { Config } from '../config/config.ts';
import { openDatabase, migrateToLatest, type Db } from '../db/database.ts';
import { boardHasPeople, ensureBoard } from '../db/org/board.ts';
import { seedDemo } from '../db/demo/seed-demo.ts';
import { legalProfile } from '../domain/legal/profiles.ts';
import { createAppContext, type AppContext } from './app-context.ts';
import { buildApp, type BuildOptions, type BuiltApp } from './app.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { hashPassword } from './auth/password-hash.ts';
import { DEMO_PASSWORD } from '../db/demo/seed-demo.ts';

export interface RunningBalise extends BuiltApp {
  ctx: AppContext;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date, sets up the board (and demo data), and builds the app. */
export async function prepareBalise(config: Config, opts: BuildOptions & { mailer?: Mailer; now?: () => Date } = {}) {
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const profile = legalProfile(config.BALISE_LEGAL_PROFILE);
  const { board } = await ensureBoard(db.kysely, { name: config.BALISE_BOARD_NAME, legalProfile: profile.code, defaultLocale: profile.defaultLocale });
  if (config.BALISE_DEMO && !(await boardHasPeople(db.kysely, board.id))) {
    await seedDemo(db.kysely, { boardId: board.id, passwordHash: await hashPassword(DEMO_PASSWORD) });
  }
  const mailer = opts.mailer ?? createMailer({ smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, outboxDir: path.join(config.dataDir, 'outbox') });
  const ctx = createAppContext({ config, db, mailer, boardId: board.id, defaultLocale: board.default_locale, now: opts.now });
  const built = await buildApp(ctx, opts);
  return { ...built, ctx, db };
}

export async function startBalise(config: Config, opts: Parameters<typeof prepareBalise>[1] = {}): Promise<RunningBalise> {
  const prepared = await prepareBalise(config, opts);
  const address = await prepared.app.listen({ port: config.PORT, host: config.HOST });
  const port = new URL(address).port;
  return {
    ...prepared,
    url: `http://localhost:${port}`,
    async close() {
      await prepared.app.close();
      await prepared.db.close();
    },
  };
}
