import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, type TestBalise } from '../support/balise.ts';
import type { HttpClient } from '../support/http-client.ts';
import { BOARD_LEADERS, leaderClient, startRealBoard } from '../support/real-board.ts';
import { form } from '../support/roster.ts';
import { loadBaseSet, makeZip, type FileSet } from '../fixtures/oneroster/fixture-set.ts';
import { startBalise } from '../../src/server/start.ts';
import { startImportRun } from '../../src/db/roster/import-runs.ts';
import { startingProgress } from '../../src/domain/roster/import-progress.ts';
import { uploadsDir } from '../../src/server/roster/store-upload.ts';

const zipOf = (set: FileSet) => makeZip([...set].map(([name, data]) => ({ name: `export/${name}`, data })));
const INTERRUPTED_FR = 'L’importation a été interrompue (redémarrage du serveur) : rien n’a été enregistré. Relancez-la.';
const INTERRUPTED_EN = 'The import was interrupted (the server restarted): nothing was saved. Run it again.';

describe.each(dialects)('ORG-2 B8 an import cut short by a restart of the server, on %s', (dialect) => {
  let b: TestBalise;
  let po: HttpClient;
  beforeAll(async () => {
    b = await startRealBoard(dialect);
    po = await leaderClient(b, 'privacy_officer');
  }, 60_000);
  afterAll(async () => b?.close());

  /** A run as `importRoster` records it when it starts, then never hears of it again (the server died). */
  async function runLeftRunning(actorId: string | null, sourceLabel: string, startedAt: Date) {
    const id = randomUUID();
    const progress = { ...startingProgress(), phase: 'writing' as const, filesRead: 5, filesTotal: 5 };
    await startImportRun(b.db.kysely, { id, boardId: b.ctx.boardId, format: 'oneroster', actorId, sourceLabel, at: startedAt.toISOString(), progress });
    return id;
  }
  const statusOf = async (id: string) => (await b.db.kysely.selectFrom('import_run').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const auditOf = (id: string) => b.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'roster.import').where('target_id', '=', id).execute();

  it('ORG-2 B8 at the next start, the import the server was running is failed, saying why in both languages; its upload folder is removed', async () => {
    const k = b.db.kysely;
    const poId = (await k.selectFrom('person').select('id').where('email_normalized', '=', BOARD_LEADERS.privacy_officer.email).executeTakeFirstOrThrow()).id;
    const aMinuteAgo = new Date(Date.now() - 60_000);
    const fromThePage = await runLeftRunning(poId, 'web:oneroster.zip', aMinuteAgo);
    // The console's import runs in the CLI's own process, which the server's restart does not stop.
    const fromTheConsole = await runLeftRunning(null, 'cli:export', aMinuteAgo);
    // Started after this start began (by another instance, say): not this start's to fail.
    const startedLater = await runLeftRunning(poId, 'web:later.zip', new Date(Date.now() + 3_600_000));
    const leftover = path.join(uploadsDir(b.ctx.config.dataDir), 'import-Xy12ab');
    fs.mkdirSync(leftover, { recursive: true });
    fs.writeFileSync(path.join(leftover, '1.upload'), 'PK\u0003\u0004');

    const restarted = await startBalise({ ...b.ctx.config, PORT: 0 });
    await restarted.close();

    const fr = await po.get(`/api/admin/imports/${fromThePage}`);
    expect(fr.status).toBe(200);
    expect(fr.json.importRun).toMatchObject({ status: 'failed', progress: { phase: 'done' }, errors: [{ file: '', line: null, code: 'roster.interrupted', message: INTERRUPTED_FR }] });
    expect(fr.json.importRun.finishedAt).not.toBeNull();
    po.setCookie('balise_lang', 'en');
    const en = await po.get(`/api/admin/imports/${fromThePage}`);
    po.setCookie('balise_lang', 'fr');
    expect(en.json.importRun.errors.map((e: { message: string }) => e.message)).toEqual([INTERRUPTED_EN]);
    const audit = await auditOf(fromThePage);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: 'failed', actor_id: null, scope_id: b.ctx.boardId, target_type: 'import_run' });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ source: 'web:oneroster.zip', error: 'interrupted' });

    expect(await statusOf(fromTheConsole)).toBe('running');
    expect(await statusOf(startedLater)).toBe('running');
    expect(await auditOf(fromTheConsole)).toEqual([]);
    expect(fs.existsSync(leftover)).toBe(false);
  }, 60_000);

  it('ORG-2 B8 a finished import keeps its outcome across a restart, and a second restart records nothing more', async () => {
    const imported = await po.request('POST', '/api/admin/imports/oneroster', form([{ name: 'oneroster.zip', data: zipOf(loadBaseSet()) }]));
    expect(imported.status).toBe(200);
    const before = await b.db.kysely.selectFrom('import_run').select(['id', 'status', 'errors', 'finished_at']).orderBy('id').execute();
    const audited = await b.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'roster.import').execute();
    const restarted = await startBalise({ ...b.ctx.config, PORT: 0 });
    await restarted.close();
    expect(await b.db.kysely.selectFrom('import_run').select(['id', 'status', 'errors', 'finished_at']).orderBy('id').execute()).toEqual(before);
    expect(await b.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'roster.import').execute()).toHaveLength(audited.length);
    expect(await statusOf(imported.json.importRun.id)).toBe('succeeded');
  }, 60_000);
});
