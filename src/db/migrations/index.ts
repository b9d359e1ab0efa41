import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_audit_subject_sets.ts';
import * as m0003 from './0003_sign_in_throttle.ts';
import * as m0004 from './0004_magic_link_purpose.ts';

/** Migrations are listed in code, not discovered on disk, so the CLI and tests load the same set. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_audit_subject_sets': m0002,
  '0003_sign_in_throttle': m0003,
  '0004_magic_link_purpose': m0004,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
