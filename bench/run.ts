/**
 * `npm run bench`: Balise's benchmarks, each against a baseline measured in the same run.
 *
 * 1. Audited class-list read (`GET /api/classes/:id` as the demo teacher) vs a bare Fastify
 *    JSON route, both served by child processes and loaded by autocannon from here.
 * 2. OneRoster import vs raw batched inserts of the same rows (bench/import-bench.ts).
 *
 * A benchmark reports: a missed target is printed as BELOW and does not fail the run. An
 * invalid measurement (non-2xx answers, errors, an audit log that did not grow by exactly the
 * number of answers, a benchmark that could not run) exits non-zero.
 *
 * Environment: BENCH_STUDENTS / BENCH_GUARDIANS scale the import down (defaults 250000 /
 * 500000); BENCH_DURATION / BENCH_WARMUP / BENCH_CONNECTIONS tune the load (defaults 10 s /
 * 2 s / 50); BENCH_SKIP_ROSTER=1 or BENCH_SKIP_IMPORT=1 run one half only (reported as skipped).
 */
import os from 'node:os';
import { defaultLoad, runRosterReadBench, serverMicros, type RosterReadResult } from './roster-read-bench.ts';
import { fmt, intFromEnv, pct } from './bench-figures.ts';

interface ImportBenchResult { importSeconds: number; rawSeconds: number; rows: number; ratio: number }
/** bench/import-bench.ts (`log`, for its progress lines, is optional there). */
type RunImportBench = (opts: { students: number; guardians: number; log?: (line: string) => void }) => Promise<ImportBenchResult>;

// Lowered by issue 16: simplicity and fresh authorization (no cached sessions, actors or lists) come first.
const TARGET_READ_RATIO = 0.2;
const TARGET_IMPORT_RATIO = 0.3;
const TARGET_IMPORT_SECONDS = 60;

/** A baseline has no target of its own: its mark is '—' when its measurement is valid. */
type Row = { benchmark: string; measured: string; target: string; mark: 'PASS' | 'BELOW' | 'INVALID' | 'SKIPPED' | '—' };
const summary: Row[] = [];
const invalid: string[] = [];

function section(title: string) {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 76 - title.length))}`);
}

async function rosterRead() {
  section('Audited class-list read vs bare Fastify route');
  const load = defaultLoad;
  console.log(`  autocannon in this process; each server in its own child process, one after the other:`);
  console.log(`  bare routes, audited read, bare routes again (the baseline is the mean of the two bare runs)`);
  console.log(`  load: ${load.connections} connections, pipelining ${load.pipelining}, ${load.warmup} s warm-up (discarded) + ${load.duration} s measured`);
  let r: RosterReadResult;
  try {
    r = await runRosterReadBench(load);
  } catch (err) {
    console.log(`  FAILED to run: ${(err as Error).stack ?? err}`);
    invalid.push(`roster read: ${(err as Error).message}`);
    summary.push({ benchmark: 'Audited read / bare route', measured: 'not measured', target: `≥ ${pct(TARGET_READ_RATIO)}`, mark: 'INVALID' });
    return;
  }
  const line = (f: RosterReadResult['bare']) =>
    `  ${f.label.padEnd(14)} ${fmt(f.requestsPerSecond).padStart(8)} req/s   latency p50 ${fmt(f.latencyMs.p50, 1)} ms, p99 ${fmt(f.latencyMs.p99, 1)} ms   ` +
    `${fmt(f.ok)} × 2xx, non-2xx ${f.non2xx}, errors ${f.errors}, timeouts ${f.timeouts}  (${f.url})`;
  const cpu = (f: RosterReadResult['bare']) =>
    f.cpu
      ? `  ${''.padEnd(14)} CPU per request: server ${fmt(serverMicros(f), 1)} µs (user ${fmt(f.cpu.serverUser, 1)}, system ${fmt(f.cpu.serverSystem, 1)}), ` +
        `autocannon ${fmt(f.cpu.loadUser + f.cpu.loadSystem, 1)} µs`
      : `  ${''.padEnd(14)} CPU per request: not measured (no /proc)`;
  console.log('');
  for (const f of [r.bare, r.bareClassList, r.baliseFloor, r.roster]) {
    console.log(line(f));
    console.log(cpu(f));
  }
  console.log(`  ratio          ${pct(r.ratio)} of the bare route (target ≥ ${pct(TARGET_READ_RATIO)}; bare route ${r.bareRuns.map((n) => fmt(n)).join(' req/s before, ')} req/s after)`);
  console.log(
    `  reference      ${pct(r.roster.requestsPerSecond / r.bareClassList.requestsPerSecond)} of a bare route answering a class list of the same size ` +
      `(which itself reaches ${pct(r.bareClassList.requestsPerSecond / r.bare.requestsPerSecond)} of the bare route)`,
  );
  console.log(
    `  floor          Balise's smallest answer (anonymous /api/session: every hook, no session, one read of the board's demo marker, no audit) ` +
      `reaches ${pct(r.baliseFloor.requestsPerSecond / r.bare.requestsPerSecond)} of the bare route`,
  );
  console.log(`  audit check:   ${r.audit.message}`);
  if (r.problems.length) {
    console.log(`  INVALID measurement:`);
    for (const p of r.problems) console.log(`    - ${p}`);
    invalid.push(...r.problems.map((p) => `roster read: ${p}`));
  }
  const valid = r.problems.length === 0;
  summary.push({ benchmark: 'Bare Fastify route (baseline, mean of 2 runs)', measured: `${fmt(r.bare.requestsPerSecond)} req/s`, target: '—', mark: r.bareProblems.length ? 'INVALID' : '—' });
  summary.push({ benchmark: 'Bare route, class-list answer (mean of 2 runs)', measured: `${fmt(r.bareClassList.requestsPerSecond)} req/s`, target: '—', mark: r.bareProblems.length ? 'INVALID' : '—' });
  summary.push({
    benchmark: 'Balise floor: anonymous /api/session',
    measured: `${fmt(r.baliseFloor.requestsPerSecond)} req/s`,
    target: '—',
    mark: r.rosterProblems.length ? 'INVALID' : '—',
  });
  summary.push({ benchmark: 'Audited class-list read', measured: `${fmt(r.roster.requestsPerSecond)} req/s`, target: '—', mark: r.rosterProblems.length ? 'INVALID' : '—' });
  summary.push({
    benchmark: 'Audited read / bare route',
    measured: pct(r.ratio),
    target: `≥ ${pct(TARGET_READ_RATIO)}`,
    mark: !valid ? 'INVALID' : r.ratio >= TARGET_READ_RATIO ? 'PASS' : 'BELOW',
  });
  summary.push({ benchmark: 'Audit rows = 200 answers', measured: r.audit.ok ? `exact (${fmt(r.audit.auditGrowth)})` : 'mismatch', target: 'exact', mark: r.audit.ok ? 'PASS' : 'INVALID' });
}

async function importBench() {
  section('OneRoster import vs raw batched inserts');
  const students = intFromEnv('BENCH_STUDENTS', 250_000);
  const guardians = intFromEnv('BENCH_GUARDIANS', 500_000);
  console.log(`  ${fmt(students)} students, ${fmt(guardians)} guardians`);
  const fail = (why: string) => {
    console.log(`  FAILED: ${why}`);
    invalid.push(`import: ${why}`);
    summary.push({ benchmark: 'Import / raw inserts', measured: 'not measured', target: `≥ ${pct(TARGET_IMPORT_RATIO)}`, mark: 'INVALID' });
    summary.push({ benchmark: 'Import duration', measured: 'not measured', target: `< ${TARGET_IMPORT_SECONDS} s`, mark: 'INVALID' });
  };
  let runImportBench: RunImportBench;
  try {
    // A variable specifier keeps the type checker from requiring the module at compile time.
    const specifier = './import-bench.ts';
    const mod = (await import(specifier)) as { runImportBench?: RunImportBench };
    if (typeof mod.runImportBench !== 'function') return fail('bench/import-bench.ts does not export runImportBench');
    runImportBench = mod.runImportBench;
  } catch (err) {
    return fail(`cannot load bench/import-bench.ts: ${(err as Error).message}`);
  }
  let r: ImportBenchResult;
  try {
    r = await runImportBench({ students, guardians, log: (line) => console.log(`  ${line}`) });
  } catch (err) {
    return fail(`runImportBench threw: ${(err as Error).stack ?? err}`);
  }
  const numbers = [r?.importSeconds, r?.rawSeconds, r?.rows, r?.ratio];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n)) || r.importSeconds <= 0 || r.rawSeconds <= 0 || r.rows <= 0) {
    return fail(`runImportBench returned an unusable result: ${JSON.stringify(r)}`);
  }
  const importRate = r.rows / r.importSeconds;
  const rawRate = r.rows / r.rawSeconds;
  console.log('');
  console.log(`  import         ${fmt(r.importSeconds, 2).padStart(8)} s   ${fmt(importRate).padStart(10)} rows/s`);
  console.log(`  raw inserts    ${fmt(r.rawSeconds, 2).padStart(8)} s   ${fmt(rawRate).padStart(10)} rows/s   (${fmt(r.rows)} rows each)`);
  console.log(`  ratio          ${pct(r.ratio)} of raw insert throughput (target ≥ ${pct(TARGET_IMPORT_RATIO)}; import under ${TARGET_IMPORT_SECONDS} s)`);
  summary.push({ benchmark: 'Raw batched inserts (baseline)', measured: `${fmt(r.rawSeconds, 2)} s, ${fmt(rawRate)} rows/s`, target: '—', mark: '—' });
  summary.push({ benchmark: 'OneRoster import', measured: `${fmt(r.importSeconds, 2)} s, ${fmt(importRate)} rows/s`, target: '—', mark: '—' });
  summary.push({ benchmark: 'Import / raw inserts', measured: pct(r.ratio), target: `≥ ${pct(TARGET_IMPORT_RATIO)}`, mark: r.ratio >= TARGET_IMPORT_RATIO ? 'PASS' : 'BELOW' });
  summary.push({
    benchmark: `Import duration (${fmt(students)}+${fmt(guardians)})`,
    measured: `${fmt(r.importSeconds, 2)} s`,
    target: `< ${TARGET_IMPORT_SECONDS} s`,
    mark: r.importSeconds < TARGET_IMPORT_SECONDS ? 'PASS' : 'BELOW',
  });
}

function printSummary() {
  section('Summary');
  const head: Row = { benchmark: 'Benchmark', measured: 'Measured', target: 'Target', mark: 'PASS' };
  const w = {
    b: Math.max(head.benchmark.length, ...summary.map((r) => r.benchmark.length)),
    m: Math.max(head.measured.length, ...summary.map((r) => r.measured.length)),
    t: Math.max(head.target.length, ...summary.map((r) => r.target.length)),
  };
  const row = (b: string, m: string, t: string, k: string) => `  ${b.padEnd(w.b)} | ${m.padStart(w.m)} | ${t.padEnd(w.t)} | ${k}`;
  console.log(row(head.benchmark, head.measured, head.target, 'Result'));
  console.log(`  ${'-'.repeat(w.b)}-+-${'-'.repeat(w.m)}-+-${'-'.repeat(w.t)}-+--------`);
  for (const r of summary) console.log(row(r.benchmark, r.measured, r.target, r.mark));
  if (invalid.length) {
    console.log(`\n  INVALID measurements (exit code 1):`);
    for (const p of invalid) console.log(`    - ${p}`);
  }
}

console.log(`Balise benchmarks — ${new Date().toISOString()}`);
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 1e9)} GB, ${os.platform()} ${os.release()}`);

if (process.env.BENCH_SKIP_ROSTER === '1') summary.push({ benchmark: 'Audited read / bare route', measured: 'skipped', target: `≥ ${pct(TARGET_READ_RATIO)}`, mark: 'SKIPPED' });
else await rosterRead();
if (process.env.BENCH_SKIP_IMPORT === '1') summary.push({ benchmark: 'Import / raw inserts', measured: 'skipped', target: `≥ ${pct(TARGET_IMPORT_RATIO)}`, mark: 'SKIPPED' });
else await importBench();
printSummary();
process.exit(invalid.length ? 1 : 0);
