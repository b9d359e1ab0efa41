import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { loadConfig } from '../../src/config/config.ts';
import { startBalise, type RunningBalise } from '../../src/server/start.ts';
import type { BuildOptions } from '../../src/server/app.ts';
import type { Mailer } from '../../src/server/mail/mailer.ts';
import { createTestPostgresDatabase } from './postgres.ts';

export type TestDialect = 'sqlite' | 'postgres';
export const dialects: TestDialect[] = ['sqlite', 'postgres'];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Balise on a free loopback port over plain HTTP, quiet, with its data in `dataDir`. */
export async function loopbackConfig(dataDir: string, env: Record<string, string> = {}) {
  const port = await freePort();
  return loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
    BALISE_DATA_DIR: dataDir,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export interface TestBalise extends RunningBalise {
  dataDir: string;
  dialect: TestDialect;
}

/**
 * A real Balise on a real database (a fresh SQLite file, or a fresh database on the throwaway
 * PostgreSQL cluster) listening on a loopback port, with the demo data seeded.
 */
export async function startTestBalise(dialect: TestDialect, env: Record<string, string> = {}, opts: BuildOptions & { mailer?: Mailer; now?: () => Date } = {}): Promise<TestBalise> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-test-'));
  const pgDb = dialect === 'postgres' ? await createTestPostgresDatabase() : null;
  const config = await loopbackConfig(dataDir, {
    RATE_LIMIT_SIGNIN_PER_MINUTE: '1000',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...env,
  });
  const running = await startBalise(config, opts);
  return {
    ...running,
    dataDir,
    dialect,
    async close() {
      await running.close();
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
