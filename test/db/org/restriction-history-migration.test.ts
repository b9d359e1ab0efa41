import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/database.ts';
import { migrationProvider } from '../../../src/db/migrations/index.ts';
import { dialects, type TestDialect } from '../../support/balise.ts';
import { createTestPostgresDatabase } from '../../support/postgres.ts';

async function emptyDatabase(dialect: TestDialect): Promise<{ db: Db; drop(): Promise<void> }> {
  if (dialect === 'postgres') {
    const pg = await createTestPostgresDatabase();
    const db = openDatabase({ dialect: 'postgres', url: pg.url });
    return { db, drop: async () => (await db.close(), await pg.drop()) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-migration-'));
  const db = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'balise.sqlite') });
  return { db, drop: async () => (await db.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

describe.each(dialects)('migration 0005 on %s', (dialect) => {
  it('ORG-4 B5 a link restricted before the history existed gets its restriction, author and date as the first entry', async () => {
    const { db, drop } = await emptyDatabase(dialect);
    try {
      const k = db.kysely as any;
      const migrator = new Migrator({ db: db.kysely, provider: migrationProvider });
      expect((await migrator.migrateTo('0004_magic_link_purpose')).error).toBeUndefined();
      const at = '2026-03-03T15:00:00.000Z';
      await k.insertInto('board').values({ id: 'b1', name: 'CSS', legal_profile: 'qc', default_locale: 'fr', source_id: null, created_at: at }).execute();
      const person = (id: string, kind: string) => ({ id, board_id: 'b1', kind, given_name: id, family_name: id, status: 'active', created_at: at, updated_at: at });
      await k.insertInto('person').values([person('principal', 'staff'), person('parent', 'guardian'), person('other', 'guardian'), person('child', 'student')]).execute();
      const link = (id: string, guardian: string, restricted: boolean) => ({
        id, guardian_id: guardian, student_id: 'child', relationship: 'parent', source: 'import', status: 'active', created_at: at,
        restricted: restricted ? 1 : 0, restricted_reason: restricted ? 'Ordonnance du 3 mars 2026' : null,
        restricted_by: restricted ? 'principal' : null, restricted_at: restricted ? at : null,
      });
      await k.insertInto('guardian_link').values([link('restricted', 'parent', true), link('open', 'other', false)]).execute();

      expect((await migrator.migrateTo('0005_guardian_link_restriction_history')).error).toBeUndefined();
      const history = await k.selectFrom('guardian_link_restriction_event').select(['link_id', 'n', 'event', 'reason', 'actor_id', 'at']).execute();
      expect(history.map((h: any) => ({ ...h, n: Number(h.n) }))).toEqual([
        { link_id: 'restricted', n: 1, event: 'restricted', reason: 'Ordonnance du 3 mars 2026', actor_id: 'principal', at },
      ]);
      expect((await migrator.migrateDown()).error).toBeUndefined();
    } finally {
      await drop();
    }
  });
});
