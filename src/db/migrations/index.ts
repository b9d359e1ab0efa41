import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.ts';

/** Migrations are listed in code, not discovered on disk, so the CLI and tests load the same set. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
