import path from 'node:path';
import type { Config } from '../config/config.ts';
import { openDatabase, migrateToLatest, type Db } from '../db/database.ts';
import { ensureBoard } from '../db/org/board.ts';
import { DEMO_PASSWORD, seedDemo } from '../db/demo/seed-demo.ts';
import { boardMayReceiveDemo } from '../db/demo/demo-data.ts';
import { legalProfile } from '../domain/legal/profiles.ts';
import { createAppContext, type AppContext } from './app-context.ts';
import { buildApp, type BuildOptions, type BuiltApp } from './app.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { hashPassword } from './auth/password-hash.ts';
import { startAuditCheckpointer } from './audit/audit-checkpointer.ts';
import { startJobScheduler } from './jobs/start-job-scheduler.ts';
import type { JobScheduler } from './jobs/job-scheduler.ts';
import { consoleCall } from './access/call.ts';
import { failInterruptedImports } from './roster/fail-interrupted-imports.ts';

export interface RunningBalise extends BuiltApp {
  ctx: AppContext;
  db: Db;
  url: string;
  /** Scheduled jobs (reminders, expiries, housekeeping); tests call `jobs.runDueJobs()`. */
  jobs: JobScheduler;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date, sets up the board (and demo data), and builds the app. */
export async function prepareBalise(config: Config, opts: BuildOptions & { mailer?: Mailer; now?: () => Date } = {}) {
  const db = openDatabase(config.database);
  await migrateToLatest(db);
  const profile = legalProfile(config.BALISE_LEGAL_PROFILE);
  const { board } = await ensureBoard(db.kysely, { name: config.BALISE_BOARD_NAME, legalProfile: profile.code, defaultLocale: profile.defaultLocale });
  // Never on a board with people, nor again once `balise demo remove` took it off (ORG-2).
  if (config.BALISE_DEMO && (await boardMayReceiveDemo(db.kysely, board.id))) {
    await seedDemo(db.kysely, { boardId: board.id, passwordHash: await hashPassword(DEMO_PASSWORD) });
  }
  const mailer = opts.mailer ?? createMailer({ smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, outboxDir: path.join(config.dataDir, 'outbox') });
  const ctx = createAppContext({ config, db, mailer, boardId: board.id, defaultLocale: board.default_locale, now: opts.now });
  const built = await buildApp(ctx, opts);
  return { ...built, ctx, db };
}

export async function startBalise(config: Config, opts: Parameters<typeof prepareBalise>[1] = {}): Promise<RunningBalise> {
  const startedAt = new Date();
  const prepared = await prepareBalise(config, opts);
  // Imports this server was running when it stopped can never finish: say so in their history.
  const interrupted = await failInterruptedImports(prepared.ctx, consoleCall, { startedBefore: startedAt });
  if (interrupted.length > 0) prepared.app.log.warn({ importRunIds: interrupted }, 'roster imports interrupted by a restart marked failed');
  // SEC-1: signed checkpoints of the audit log at intervals and at shutdown (creates the key on first start).
  const checkpointer = await startAuditCheckpointer(prepared.ctx, prepared.app.log);
  const jobs = await startJobScheduler(prepared.ctx, prepared.app.log);
  const address = await prepared.app.listen({ port: config.PORT, host: config.HOST });
  const port = new URL(address).port;
  return {
    ...prepared,
    url: `http://localhost:${port}`,
    jobs,
    async close() {
      await prepared.app.close();
      await jobs.stop();
      await checkpointer.stop();
      await prepared.db.close();
    },
  };
}
