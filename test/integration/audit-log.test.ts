import { execFile } from 'node:child_process';
import type { AuditAction } from '../../src/domain/audit/audit-actions.ts';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures } from '../support/demo-people.ts';
import { AuditLog } from '../../src/db/audit/audit-log.ts';
import { verifyAuditChain } from '../../src/db/audit/verify-audit-chain.ts';
import { auditEntriesAbout, indexedSubjectsOf, subjectsOfEntry } from '../../src/db/audit/audit-subjects.ts';
import fs from 'node:fs';
import { startBalise } from '../../src/server/start.ts';
import { dropTrigger, rewriteAuditChain, truncateAuditLog } from '../support/audit-attacker.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/balise.mjs');
const WORKER = path.resolve(import.meta.dirname, '../support/append-audit-worker.ts');

function databaseEnv(b: TestBalise) {
  const target = b.ctx.config.database;
  return target.dialect === 'postgres' ? { DATABASE_URL: target.url } : { DATABASE_URL: `sqlite:${target.file}` };
}

async function cliVerify(b: TestBalise) {
  try {
    const { stdout } = await run(process.execPath, [BIN, 'audit', 'verify'], { env: { ...process.env, ...databaseEnv(b), BALISE_DATA_DIR: b.dataDir } });
    return { code: 0, stdout };
  } catch (err: any) {
    return { code: err.code as number, stdout: String(err.stdout) };
  }
}

/** Someone with direct database access can switch the append-only guard off; verify must still notice. */
async function tamper(b: TestBalise, statement: ReturnType<typeof sql>) {
  const k = b.db.kysely;
  if (b.dialect === 'postgres') {
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(k);
    await statement.execute(k);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(k);
  } else {
    await sql`drop trigger if exists audit_log_no_update`.execute(k);
    await sql`drop trigger if exists audit_log_no_delete`.execute(k);
    await statement.execute(k);
  }
}

describe.each(dialects)('SEC-1 audit log on %s', (dialect) => {
  let b: TestBalise;
  let f: Awaited<ReturnType<typeof demoFixtures>>;
  beforeAll(async () => {
    b = await startTestBalise(dialect);
    f = await demoFixtures(b.db.kysely);
  }, 60_000);
  afterAll(async () => b?.close());

  it('a class-list read is logged with who, what, whose information, scope, when and from where — before the response', async () => {
    const teacher = await clientFor('teacher', b.url, b.db.kysely);
    const res = await teacher.get(`/api/classes/${f.ownClassId}`);
    expect(res.status).toBe(200);
    // No waiting: the entry is committed before the response is sent.
    const entry = await b.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'class_group.read_roster').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(f.teacherId);
    expect(entry.outcome).toBe('allowed');
    expect(entry.scope_type).toBe('class');
    expect(entry.scope_id).toBe(f.ownClassId);
    expect(entry.ip).toBe('127.0.0.1');
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
    const subjects = await subjectsOfEntry(b.db.kysely, entry.subject_ids);
    for (const s of res.json.students) expect(subjects).toContain(s.id);
    expect(await indexedSubjectsOf(b.db.kysely, entry.seq)).toEqual([...subjects].sort());
  });

  it('a guardian reading a child is findable from the child’s side (who looked at this file)', async () => {
    const guardian = await clientFor('guardian', b.url, b.db.kysely);
    const child = f.childIds[0]!;
    expect((await guardian.get(`/api/students/${child}`)).status).toBe(200);
    const seen = await auditEntriesAbout(b.db.kysely, child);
    expect(seen).toContainEqual(expect.objectContaining({ actor_id: f.guardianId, action: 'student.read_file' }));
  });

  it('rows cannot be updated or deleted through ordinary SQL', async () => {
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(b.db.kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(b.db.kysely)).rejects.toThrow(/append-only/);
  });

  it('appends from two instances (two processes) at once stay one unbroken chain', async () => {
    const before = await verifyAuditChain(b.db.kysely);
    const local = new AuditLog(b.db.kysely);
    const writes = [];
    const other = run(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(b.ctx.config.database), '150']);
    for (let i = 0; i < 150; i++) {
      writes.push(local.record({ actorId: null, action: 'test.concurrent_local' as AuditAction, outcome: 'succeeded', subjectIds: [f.teacherId] }));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all([...writes, other]);
    const after = await verifyAuditChain(b.db.kysely);
    expect(after.ok).toBe(true);
    expect(after.lastSeq).toBe(before.lastSeq + 300);
    const fromOther = await b.db.kysely.selectFrom('audit_log').select('seq').where('action', '=', 'test.concurrent_worker').execute();
    expect(fromOther).toHaveLength(150);
    const seqs = (await b.db.kysely.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  }, 60_000);

  it('`balise audit verify` passes on an intact log, then names an altered row', async () => {
    const ok = await cliVerify(b);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Journal d’audit intact/);
    await tamper(b, sql`update audit_log set actor_id = 'someone-else' where seq = 5`);
    const broken = await cliVerify(b);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('first_broken_seq=5 kind=altered');
    expect(broken.stdout).toMatch(/l’entrée n° 5 a été modifiée/);
  }, 60_000);
});

describe.each(dialects)('SEC-1 a removed audit row is caught on %s', (dialect) => {
  let b: TestBalise;
  beforeAll(async () => {
    b = await startTestBalise(dialect);
    const dg = await clientFor('directorGeneral', b.url, b.db.kysely);
    const { ownClassId } = await demoFixtures(b.db.kysely);
    for (let i = 0; i < 6; i++) expect((await dg.get(`/api/classes/${ownClassId}`)).status).toBe(200);
  }, 60_000);
  afterAll(async () => b?.close());

  it('deleting a row in the middle names its sequence number', async () => {
    await tamper(b, sql`delete from audit_log where seq = 3`);
    const broken = await cliVerify(b);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('first_broken_seq=3 kind=missing');
  }, 60_000);

  it('deleting the newest rows is caught by the head and reported through the API too', async () => {
    const last = await b.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
    await tamper(b, sql`delete from audit_log where seq >= ${Number(last.m) - 1}`);
    const result = await verifyAuditChain(b.db.kysely);
    expect(result.ok).toBe(false);
    const po = await clientFor('privacyOfficer', b.url, b.db.kysely);
    const res = await po.post('/api/admin/audit/verify');
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.firstBreak.seq).toBe(3);
  }, 60_000);
});

/** Checkpoint files in the order they were signed (names sort by sequence number, then time). */
const checkpointFiles = (b: TestBalise) =>
  fs.existsSync(b.ctx.config.audit.checkpointDir) ? fs.readdirSync(b.ctx.config.audit.checkpointDir).filter((n) => n.endsWith('.json')).sort() : [];
const headSeq = async (b: TestBalise) => Number((await b.db.kysely.selectFrom('audit_head').select('last_seq').executeTakeFirstOrThrow()).last_seq);

/** A board at work: class lists read, then the privacy officer verifies, which signs a checkpoint. */
async function readAndSeal(b: TestBalise, reads = 4) {
  const dg = await clientFor('directorGeneral', b.url, b.db.kysely);
  const { ownClassId } = await demoFixtures(b.db.kysely);
  for (let i = 0; i < reads; i++) expect((await dg.get(`/api/classes/${ownClassId}`)).status).toBe(200);
  const po = await clientFor('privacyOfficer', b.url, b.db.kysely);
  const verified = await po.post('/api/admin/audit/verify');
  expect(verified.json).toMatchObject({ ok: true, breaks: [] });
  expect(verified.json.checkpointWritten.seq).toBe(verified.json.lastSeq);
  return { dg, po, ownClassId, sealedSeq: verified.json.lastSeq as number };
}

describe.each(dialects)('SEC-1 B9 signed checkpoints keep the audit log honest against whoever controls the database on %s', (dialect) => {
  let b: TestBalise;
  afterEach(async () => b?.close());

  it('SEC-1 B9 a normal run with checkpoints (verify, a second instance’s shutdown, the CLI) verifies OK', async () => {
    b = await startTestBalise(dialect);
    const { dg, ownClassId } = await readAndSeal(b);
    const other = await startBalise({ ...b.ctx.config, PORT: 0 });
    for (let i = 0; i < 3; i++) expect((await dg.get(`/api/classes/${ownClassId}`)).status).toBe(200);
    await other.close();
    const files = checkpointFiles(b);
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(new RegExp(`^${String(await headSeq(b)).padStart(12, '0')}-`));
    const cli = await cliVerify(b);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/Journal d’audit intact/);
    expect(cli.stdout).toContain('Concorde avec 2 point(s) de contrôle signé(s)');
    expect(cli.stdout).toContain('Matches 2 signed checkpoint(s)');
  }, 60_000);

  it('SEC-1 B9 deleting the newest entries and rewinding the head is reported as truncation', async () => {
    b = await startTestBalise(dialect);
    const { sealedSeq, po } = await readAndSeal(b);
    await truncateAuditLog(b.db.kysely, sealedSeq - 3);
    // The chain and its head agree with each other: without the checkpoint this passed.
    expect(await verifyAuditChain(b.db.kysely)).toMatchObject({ ok: true, lastSeq: sealedSeq - 3 });
    const cli = await cliVerify(b);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`first_broken_seq=${sealedSeq - 2} kind=truncated`);
    expect(cli.stdout).toMatch(new RegExp(`l’entrée n° ${sealedSeq - 2} et les suivantes ont été supprimées.*jusqu’à l’entrée n° ${sealedSeq} \\(journal tronqué\\)`));
    expect(cli.stdout).toMatch(/log truncated/);
    expect(cli.stdout).not.toMatch(/kind=trigger_missing/);
    const res = await po.post('/api/admin/audit/verify');
    expect(res.json).toMatchObject({ ok: false, firstBreak: { kind: 'truncated', seq: sealedSeq - 2, checkpoint: { seq: sealedSeq } }, checkpointWritten: null });
    expect(res.json.breaks.map((x: { kind: string }) => x.kind)).toEqual(['truncated']);
    expect(res.json.firstBreak.message.fr).toMatch(/journal tronqué/);
    expect(res.json.firstBreak.message.en).toMatch(/log truncated/);
  }, 60_000);

  it('SEC-1 B9 a chain rewritten whole with the unkeyed hash is reported as rewritten', async () => {
    b = await startTestBalise(dialect);
    const { sealedSeq } = await readAndSeal(b);
    await rewriteAuditChain(b.db.kysely, 2, '203.0.113.9');
    expect((await verifyAuditChain(b.db.kysely)).ok).toBe(true);
    const cli = await cliVerify(b);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`first_broken_seq=${sealedSeq} kind=rewritten`);
    expect(cli.stdout).toMatch(new RegExp(`l’entrée n° ${sealedSeq} n’est plus celle que le point de contrôle signé du .* a scellée : le journal a été réécrit`));
    expect(cli.stdout).toMatch(/the log was rewritten/);
    const po = await clientFor('privacyOfficer', b.url, b.db.kysely);
    const res = await po.post('/api/admin/audit/verify');
    expect(res.json).toMatchObject({ ok: false, firstBreak: { kind: 'rewritten', seq: sealedSeq, message: { en: expect.stringMatching(/rewritten/) } } });
  }, 60_000);

  it('SEC-1 B9 a dropped append-only trigger is reported by name', async () => {
    b = await startTestBalise(dialect);
    await readAndSeal(b);
    const trigger = dialect === 'sqlite' ? 'audit_log_no_delete' : 'audit_log_no_update';
    await dropTrigger(b.db.kysely, trigger, 'audit_log');
    const cli = await cliVerify(b);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`kind=trigger_missing trigger=${trigger}`);
    expect(cli.stdout).toContain(`la protection « ${trigger} », qui interdit de modifier ou d’effacer le journal, a été retirée ou désactivée`);
    expect(cli.stdout).not.toContain('first_broken_seq');
    const po = await clientFor('privacyOfficer', b.url, b.db.kysely);
    const res = await po.post('/api/admin/audit/verify');
    expect(res.json).toMatchObject({ ok: false, breaks: [{ kind: 'trigger_missing', trigger, message: { en: expect.stringContaining(`“${trigger}”`) } }] });
  }, 60_000);

  it('SEC-1 B9 a checkpoint file changed after signing is reported', async () => {
    b = await startTestBalise(dialect);
    await readAndSeal(b);
    const [name] = checkpointFiles(b);
    const file = `${b.ctx.config.audit.checkpointDir}/${name}`;
    const text = fs.readFileSync(file, 'utf8');
    const at = JSON.parse(text).at as string;
    fs.chmodSync(file, 0o644);
    // An earlier time, as if the log had been sealed before the entries it holds.
    fs.writeFileSync(file, text.replace(at, at.replace(/^\d{4}/, '2020')));
    const cli = await cliVerify(b);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`kind=checkpoint_invalid file=${name}`);
    expect(cli.stdout).toContain(`le point de contrôle « ${name} » ne porte pas une signature valide`);
    const po = await clientFor('privacyOfficer', b.url, b.db.kysely);
    const res = await po.post('/api/admin/audit/verify');
    expect(res.json).toMatchObject({ ok: false, firstBreak: { kind: 'checkpoint_invalid', file: name }, checkpointWritten: null });
  }, 60_000);
});
