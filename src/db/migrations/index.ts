import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_audit_subject_sets.ts';
import * as m0003 from './0003_sign_in_throttle.ts';
import * as m0004 from './0004_magic_link_purpose.ts';
import * as m0005 from './0005_guardian_link_restriction_history.ts';
import * as m0006 from './0006_demo_marker.ts';
import * as m0007 from './0007_import_run_progress.ts';
import * as m0008 from './0008_stored_files.ts';
import * as m0009 from './0009_scheduled_jobs.ts';

/** Migrations are listed in code, not discovered on disk, so the CLI and tests load the same set. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_audit_subject_sets': m0002,
  '0003_sign_in_throttle': m0003,
  '0004_magic_link_purpose': m0004,
  '0005_guardian_link_restriction_history': m0005,
  '0006_demo_marker': m0006,
  '0007_import_run_progress': m0007,
  '0008_stored_files': m0008,
  '0009_scheduled_jobs': m0009,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
