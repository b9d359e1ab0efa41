/**
 * The server under test of the roster-read benchmark, run as its own process so the load
 * generator does not share its event loop. Started with `node --import tsx` by
 * bench/roster-read-bench.ts.
 *
 * A real Balise: SQLite default configuration (the file in a fresh temporary BALISE_DATA_DIR),
 * demo data seeded, LOG_LEVEL silent, COOKIE_SECURE=false. Nothing in the request path is
 * changed: the 200 answers of `GET /api/classes/:id` are read from the app's own request
 * metrics, so the parent can check the audit log grew by exactly that many.
 *
 * Protocol: prints one JSON line `{"url": ..., "dataDir": ...}` on stdout once listening; then
 * answers each `stats` line on stdin with one JSON line; `quit` (or stdin closing) shuts down
 * and removes the data directory (BENCH_DATA_DIR, an empty directory, if given).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startBalise } from '../src/server/start.ts';
import { loopbackConfig } from '../test/support/balise.ts';

const ROSTER_ROUTE = '/api/classes/:id';

// A fresh directory: the parent's (it removes it even if this process dies), or our own.
const dataDir = process.env.BENCH_DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'balise-bench-'));
if (fs.readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty: the benchmark needs a fresh data directory`);
// A clean environment on purpose: the SQLite default, whatever the caller's shell has set.
const config = await loopbackConfig(dataDir, { BALISE_DEMO: 'true' });

const balise = await startBalise(config);

// How many audit transactions the entries took (the AuditLog groups concurrent entries).
let auditBatches = 0;
balise.ctx.audit.onAppend = () => {
  auditBatches++;
};

/** Answers of `GET /api/classes/:id` so far, by status, from the app's own request metrics. */
async function rosterAnswers(): Promise<{ ok: number; other: number }> {
  const metrics = await balise.app.inject({ method: 'GET', url: '/metrics' });
  const answers = { ok: 0, other: 0 };
  for (const line of metrics.body.split('\n')) {
    if (!line.startsWith('balise_http_requests_total{') || !line.includes('method="GET"') || !line.includes(`route="${ROSTER_ROUTE}"`)) continue;
    const count = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.includes('status="200"')) answers.ok += count;
    else answers.other += count;
  }
  return answers;
}

async function stats() {
  const k = balise.db.kysely;
  const answers = await rosterAnswers();
  const roster = await k
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'class_group.read_roster')
    .executeTakeFirstOrThrow();
  const head = await k.selectFrom('audit_head').select(['last_seq']).where('id', '=', 1).executeTakeFirstOrThrow();
  return {
    roster200: answers.ok,
    rosterOther: answers.other,
    auditRosterRows: Number(roster.n),
    auditLastSeq: Number(head.last_seq),
    auditAppended: balise.ctx.audit.appended,
    auditBatches,
    memoryMB: Math.round(process.memoryUsage().rss / 1e6),
  };
}

let closing = false;
async function shutdown(code = 0) {
  if (closing) return;
  closing = true;
  try {
    await balise.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const cmd = line.trim();
  if (cmd === 'stats') {
    stats().then(
      (s) => process.stdout.write(`${JSON.stringify({ stats: s })}\n`),
      (err) => process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`),
    );
  } else if (cmd === 'quit') void shutdown(0);
});
lines.on('close', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));

process.stdout.write(`${JSON.stringify({ url: balise.url.replace('localhost', '127.0.0.1'), dataDir })}\n`);
