import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures } from '../support/demo-people.ts';
import { truncateAuditLog } from '../support/audit-attacker.ts';
import { startAuditCheckpointer } from '../../src/server/audit/audit-checkpointer.ts';
import { auditVerifyCommand } from '../../src/cli/audit-verify.ts';

const checkpoints = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []);
const seqOf = (name: string) => Number(name.slice(0, 12));
const headSeq = async (b: TestBalise) => Number((await b.db.kysely.selectFrom('audit_head').select('last_seq').executeTakeFirstOrThrow()).last_seq);

async function until(test: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function readClassLists(b: TestBalise, n: number) {
  const dg = await clientFor('directorGeneral', b.url, b.db.kysely);
  const { ownClassId } = await demoFixtures(b.db.kysely);
  for (let i = 0; i < n; i++) expect((await dg.get(`/api/classes/${ownClassId}`)).status).toBe(200);
}

describe.each(dialects)('SEC-1 B9 the audit checkpointer on %s', (dialect) => {
  let b: TestBalise | undefined;
  let outside: string | undefined;
  afterEach(async () => {
    await b?.close();
    b = undefined;
    if (outside) fs.rmSync(outside, { recursive: true, force: true });
  });

  it('SEC-1 B9 creates the key (0600) where BALISE_AUDIT_KEY_FILE says, and seals the log at shutdown in BALISE_AUDIT_CHECKPOINT_DIR', async () => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-outside-'));
    const keyFile = path.join(outside, 'keys', 'audit.pem');
    const dir = path.join(outside, 'checkpoints');
    b = await startTestBalise(dialect, { BALISE_AUDIT_KEY_FILE: keyFile, BALISE_AUDIT_CHECKPOINT_DIR: dir });
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(b.dataDir)).not.toContain('audit-checkpoint-key.pem');
    expect(checkpoints(dir)).toEqual([]);
    const head = await headSeq(b);
    await b.close();
    b = undefined;
    const [only, ...more] = checkpoints(dir);
    expect(more).toEqual([]);
    expect(seqOf(only!)).toBe(head);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.pub.pem'))).toHaveLength(1);
  }, 60_000);

  it('SEC-1 B9 signs a checkpoint at each interval only when the head moved', async () => {
    b = await startTestBalise(dialect);
    const dir = b.ctx.config.audit.checkpointDir;
    const checkpointer = await startAuditCheckpointer(b.ctx, { error: () => {} }, 50);
    try {
      await until(() => checkpoints(dir).length === 1);
      expect(seqOf(checkpoints(dir)[0]!)).toBe(await headSeq(b));
      await new Promise((r) => setTimeout(r, 300));
      expect(checkpoints(dir)).toHaveLength(1);
      await readClassLists(b, 2);
      const head = await headSeq(b);
      await until(() => seqOf(checkpoints(dir).at(-1)!) === head);
      // One checkpoint per move of the head at most, each further than the one before.
      const seqs = checkpoints(dir).map(seqOf);
      expect(seqs.length).toBeGreaterThanOrEqual(2);
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
      await new Promise((r) => setTimeout(r, 300));
      expect(checkpoints(dir).map(seqOf)).toEqual(seqs);
    } finally {
      await checkpointer.stop();
    }
  }, 60_000);

  it('SEC-1 B9 does not seal a log that no longer extends the latest checkpoint, and logs why', async () => {
    b = await startTestBalise(dialect);
    const dir = b.ctx.config.audit.checkpointDir;
    const error = vi.fn();
    const checkpointer = await startAuditCheckpointer(b.ctx, { error }, 3_600_000);
    try {
      await readClassLists(b, 3);
      await checkpointer.sealNow();
      const sealed = seqOf(checkpoints(dir)[0]!);
      await truncateAuditLog(b.db.kysely, sealed - 2);
      await checkpointer.sealNow();
      expect(checkpoints(dir)).toHaveLength(1);
      expect(error).toHaveBeenCalledWith(
        { problem: expect.objectContaining({ kind: 'truncated', seq: sealed - 1 }) },
        expect.stringMatching(/^Audit checkpoint refused: entry #\d+ and those after it were removed.*log truncated/),
      );
    } finally {
      await checkpointer.stop();
    }
  }, 60_000);

  it('SEC-1 B9 the command line verifies without the signing key, and then writes no checkpoint', async () => {
    b = await startTestBalise(dialect);
    const lines: string[] = [];
    const places = { keyFile: path.join(b.dataDir, 'elsewhere.pem'), checkpointDir: b.ctx.config.audit.checkpointDir };
    expect(await auditVerifyCommand(b.ctx.config.database, (l) => lines.push(l), places)).toBe(0);
    expect(lines.join('\n')).toContain('No checkpoint written: no signing key (BALISE_AUDIT_KEY_FILE)');
    expect(checkpoints(places.checkpointDir)).toEqual([]);
    expect(fs.existsSync(places.keyFile)).toBe(false);
    // With the key, it seals what it verified.
    lines.length = 0;
    expect(await auditVerifyCommand(b.ctx.config.database, (l) => lines.push(l), b.ctx.config.audit)).toBe(0);
    expect(lines.join('\n')).toMatch(/Signed checkpoint written: \d{12}-.*\.json/);
    expect(seqOf(checkpoints(places.checkpointDir)[0]!)).toBe(await headSeq(b));
  }, 60_000);
});
