/**
 * Requests per second of an authorized, audited class-list read (`GET /api/classes/:id` as the
 * demo teacher, on her own class) beside a bare Fastify JSON route, measured in the same run,
 * each server in its own child process and autocannon here in the parent.
 *
 * A figure is only valid if every response was a 200 (no non-2xx, no errors, no timeouts), and
 * the audited read is only valid if the audit log grew by exactly the number of 200 answers the
 * server gave on that route.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { demoAccounts, DEMO_PASSWORD } from '../src/db/demo/seed-demo.ts';
import { intFromEnv } from './bench-figures.ts';

/** The part of autocannon's result this benchmark reads (the package ships no types). */
interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats?: Record<string, { count: number }>;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
}
type Autocannon = (
  opts: { url: string; connections: number; pipelining: number; duration: number; headers: Record<string, string> },
  done: (err: unknown, result: AutocannonResult) => void,
) => unknown;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const HERE = import.meta.dirname;

export interface LoadOptions {
  connections: number;
  pipelining: number;
  /** Measured seconds. */
  duration: number;
  /** Seconds of discarded load before the measured run. */
  warmup: number;
}

/** The load from BENCH_CONNECTIONS, BENCH_DURATION and BENCH_WARMUP, or these defaults. */
export function loadFromEnv(defaults: { duration: number; warmup: number }): LoadOptions {
  return {
    connections: intFromEnv('BENCH_CONNECTIONS', 50),
    pipelining: 1,
    duration: intFromEnv('BENCH_DURATION', defaults.duration),
    warmup: intFromEnv('BENCH_WARMUP', defaults.warmup),
  };
}

export const defaultLoad: LoadOptions = loadFromEnv({ duration: 10, warmup: 2 });

export interface LoadFigures {
  label: string;
  url: string;
  requestsPerSecond: number;
  /** 2xx answers of the measured run. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyMs: { p50: number; p99: number };
  /** CPU time per answered request during the measured run, in µs (null where /proc is absent). */
  cpu: CpuPerRequest | null;
}

/** Where the time of one request goes: the server process, and autocannon here. */
export interface CpuPerRequest {
  serverUser: number;
  serverSystem: number;
  loadUser: number;
  loadSystem: number;
}

/** The server's CPU time per request (user and system), in µs; NaN where it was not measured. */
export const serverMicros = (f: LoadFigures) => (f.cpu ? f.cpu.serverUser + f.cpu.serverSystem : NaN);

export interface AuditCheck {
  /** 200 answers on the route counted by the server (warm-up and measured run). */
  server200: number;
  /** Non-200 answers on the route counted by the server. */
  serverOther: number;
  /** 2xx answers autocannon received (warm-up and measured run). */
  client2xx: number;
  /** Growth of the `class_group.read_roster` entries of the audit log. */
  auditGrowth: number;
  /** Growth of the whole log (head sequence). */
  chainGrowth: number;
  /** Audit transactions the server committed meanwhile (entries are grouped). */
  transactions: number;
  ok: boolean;
  message: string;
}

export interface RosterReadResult {
  load: LoadOptions;
  bare: LoadFigures;
  /** Requests/s of the two bare runs (before and after the audited read); `bare` is their mean. */
  bareRuns: [number, number];
  /** The same bare server answering a class list of the demo's size (reference, no target). */
  bareClassList: LoadFigures;
  /**
   * Balise's smallest answer (anonymous `GET /api/session`: every hook, no session, no database,
   * no audit), from the same process as the audited read: what the stack alone allows.
   */
  baliseFloor: LoadFigures;
  roster: LoadFigures;
  ratio: number;
  audit: AuditCheck;
  /** Reasons the measurement is invalid; empty when valid (bareProblems + rosterProblems). */
  problems: string[];
  bareProblems: string[];
  rosterProblems: string[];
}

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  info: Record<string, unknown> & { url: string };
  ask(cmd: string): Promise<any>;
  stop(): Promise<void>;
}

/** Starts a bench server script with `node --import tsx` and waits for its first JSON line. */
export async function startChild(script: string, env: Record<string, string> = {}): Promise<Child> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server process there (for profiling).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const proc = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(HERE, script)], {
    cwd: path.resolve(HERE, '..'),
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += String(d);
    if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
  });
  const lines = readline.createInterface({ input: proc.stdout });
  const waiting: ((v: any) => void)[] = [];
  const queued: any[] = [];
  lines.on('line', (line) => {
    let msg: any;
    try {
      msg = JSON.parse(line);
    } catch {
      return; // not ours
    }
    const w = waiting.shift();
    if (w) w(msg);
    else queued.push(msg);
  });
  const next = () =>
    new Promise<any>((resolve, reject) => {
      if (queued.length) return resolve(queued.shift());
      const onExit = (code: number | null) => reject(new Error(`${script} exited (${code}) before answering:\n${stderr}`));
      proc.once('exit', onExit);
      waiting.push((v) => {
        proc.off('exit', onExit);
        resolve(v);
      });
    });
  let info: any;
  try {
    info = await Promise.race([
      next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${script} did not start within 120 s:\n${stderr}`)), 120_000).unref()),
    ]);
    if (!info?.url) throw new Error(`${script} did not report its URL: ${JSON.stringify(info)}\n${stderr}`);
  } catch (err) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    throw err;
  }
  return {
    proc,
    info,
    async ask(cmd) {
      const answer = next();
      proc.stdin.write(`${cmd}\n`);
      const msg = await answer;
      if (msg.error) throw new Error(`${script}: ${msg.error}`);
      return msg;
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.stdin.end();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function runAutocannon(url: string, seconds: number, load: LoadOptions, headers: Record<string, string>): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: load.connections, pipelining: load.pipelining, duration: seconds, headers },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

/** User and system CPU time of a process so far, in µs (Linux /proc; null elsewhere). */
function processCpu(pid: number): { user: number; system: number } | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (1/100 s).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { user: Number(fields[11]) * 10_000, system: Number(fields[12]) * 10_000 };
  } catch {
    return null;
  }
}

/** Starts counting CPU of the server and of this process; the returned function gives µs per request. */
function cpuMeter(serverPid: number) {
  const server = processCpu(serverPid);
  const load = process.cpuUsage();
  return (requests: number): CpuPerRequest | null => {
    const serverNow = processCpu(serverPid);
    const loadNow = process.cpuUsage(load);
    if (!server || !serverNow || requests <= 0) return null;
    return {
      serverUser: (serverNow.user - server.user) / requests,
      serverSystem: (serverNow.system - server.system) / requests,
      loadUser: loadNow.user / requests,
      loadSystem: loadNow.system / requests,
    };
  };
}

function figures(label: string, url: string, r: AutocannonResult, cpu: CpuPerRequest | null): LoadFigures {
  const statusCodes: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = (s as { count: number }).count;
  return {
    label,
    url,
    requestsPerSecond: r.requests.average,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99 },
    cpu,
  };
}

function invalidities(f: LoadFigures, warm: AutocannonResult): string[] {
  const out: string[] = [];
  if (f.non2xx > 0) out.push(`${f.label}: ${f.non2xx} non-2xx responses (${JSON.stringify(f.statusCodes)})`);
  if (f.errors > 0) out.push(`${f.label}: ${f.errors} connection errors`);
  if (f.timeouts > 0) out.push(`${f.label}: ${f.timeouts} timeouts`);
  if (f.ok === 0) out.push(`${f.label}: no successful response at all`);
  if (warm.non2xx > 0 || warm.errors > 0) out.push(`${f.label} warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors`);
  return out;
}

/** What a skipped warm-up (`warmup: 0`, a server already warm) counts as. */
const NO_WARM_UP = { '2xx': 0, non2xx: 0, errors: 0 } as AutocannonResult;

/** Loads one URL of a server process: warm-up (discarded), then the measured run. */
export async function measure(label: string, server: Child, url: string, load: LoadOptions, headers: Record<string, string> = {}) {
  const warm = load.warmup > 0 ? await runAutocannon(url, load.warmup, load, headers) : NO_WARM_UP;
  const cpu = cpuMeter(server.proc.pid!);
  const measured = await runAutocannon(url, load.duration, load, headers);
  const f = figures(label, url, measured, cpu(measured.requests.total));
  return { figures: f, warm, problems: invalidities(f, warm) };
}

async function signInAsTeacher(baseUrl: string): Promise<{ cookie: string; classId: string }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demoAccounts.teacher, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${demoAccounts.teacher} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const classes = await fetch(`${baseUrl}/api/classes`, { headers: { cookie } });
  const body = (await classes.json()) as { classGroups: { id: string }[] };
  if (classes.status !== 200 || body.classGroups.length === 0) throw new Error(`the teacher has no class: ${classes.status}`);
  return { cookie, classId: body.classGroups[0]!.id };
}

/** Both bare routes, from one bare server. */
async function measureBare(load: LoadOptions) {
  const server = await startChild('bare-server.ts');
  try {
    const bare = await measure('bare route', server, `${server.info.url}/bare`, load);
    const bareClassList = await measure('bare list', server, `${server.info.url}/bare-class-list`, load);
    return { bare: bare.figures, bareClassList: bareClassList.figures, problems: [...bare.problems, ...bareClassList.problems] };
  } finally {
    await server.stop();
  }
}

function meanCpu(a: CpuPerRequest | null, b: CpuPerRequest | null): CpuPerRequest | null {
  if (!a || !b) return a ?? b;
  const mean = { ...a };
  for (const k of Object.keys(mean) as (keyof CpuPerRequest)[]) mean[k] = (a[k] + b[k]) / 2;
  return mean;
}

/** Two runs of the same route as one figure: summed answers, mean rate, worse latencies. */
function meanOf(label: string, a: LoadFigures, b: LoadFigures): LoadFigures {
  const codes: Record<string, number> = { ...a.statusCodes };
  for (const [k, n] of Object.entries(b.statusCodes)) codes[k] = (codes[k] ?? 0) + n;
  return {
    label,
    url: a.url,
    requestsPerSecond: (a.requestsPerSecond + b.requestsPerSecond) / 2,
    ok: a.ok + b.ok,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    statusCodes: codes,
    latencyMs: { p50: Math.max(a.latencyMs.p50, b.latencyMs.p50), p99: Math.max(a.latencyMs.p99, b.latencyMs.p99) },
    cpu: meanCpu(a.cpu, b.cpu),
  };
}

/**
 * Starts Balise (SQLite, demo data, a fresh data directory) and signs the demo teacher in for
 * `use`; stops it and removes the directory afterwards, even if it died.
 */
export async function withBenchBalise<T>(use: (balise: Child, teacher: { cookie: string; classId: string }) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-bench-'));
  let balise: Child | undefined;
  try {
    balise = await startChild('serve-for-bench.ts', { BENCH_DATA_DIR: dataDir });
    return await use(balise, await signInAsTeacher(balise.info.url));
  } finally {
    await balise?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Loads the audited read and checks that the audit log grew by exactly the 200 answers the server sent. */
async function measureAuditedRead(balise: Child, url: string, cookie: string, load: LoadOptions) {
  const before = (await balise.ask('stats')).stats;
  const roster = await measure('audited read', balise, url, load, { cookie });
  // In-flight requests autocannon abandoned at the end still complete on the server (and are
  // audited); let them settle before counting.
  let after = (await balise.ask('stats')).stats;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const again = (await balise.ask('stats')).stats;
    if (again.auditRosterRows === after.auditRosterRows && again.roster200 === after.roster200) break;
    after = again;
  }
  const server200 = after.roster200 - before.roster200;
  const serverOther = after.rosterOther - before.rosterOther;
  const auditGrowth = after.auditRosterRows - before.auditRosterRows;
  const chainGrowth = after.auditLastSeq - before.auditLastSeq;
  const transactions = after.auditBatches - before.auditBatches;
  const client2xx = roster.warm['2xx'] + roster.figures.ok;
  // Each of the two autocannon runs (warm-up, measured) may abandon up to one request per connection.
  const abandoned = server200 - client2xx;
  const ok = auditGrowth === server200 && chainGrowth === auditGrowth && serverOther === 0 && abandoned >= 0 && abandoned <= 2 * load.connections;
  const audit: AuditCheck = {
    server200,
    serverOther,
    client2xx,
    auditGrowth,
    chainGrowth,
    transactions,
    ok,
    message:
      `audit log grew by ${auditGrowth} class_group.read_roster entries (whole chain +${chainGrowth}) for ${server200} 200 answers ` +
      `sent by the server on GET /api/classes/:id (${client2xx} received by autocannon, ${abandoned} still in flight when it stopped; ` +
      `${serverOther} non-200) → ${ok ? 'exact' : 'MISMATCH'}; ${transactions} audit transactions, ` +
      `${(auditGrowth / Math.max(1, transactions)).toFixed(1)} entries each on average`,
  };
  return { roster, audit };
}

export async function runRosterReadBench(load: LoadOptions = defaultLoad, log: (line: string) => void = console.log): Promise<RosterReadResult> {
  const bareProblems: string[] = [];
  const rosterProblems: string[] = [];

  // 1. The bare routes, alone on the machine (measured again after the audited read, see 3).
  log(`  bare Fastify route: starting its server…`);
  const bareBefore = await measureBare(load);
  bareProblems.push(...bareBefore.problems);
  log(`  bare Fastify route: ${bareBefore.bare.requestsPerSecond.toFixed(0)} req/s; the same answering a class list: ${bareBefore.bareClassList.requestsPerSecond.toFixed(0)} req/s`);

  // 2. The audited class-list read, alone on the machine.
  log(`  audited class-list read: starting Balise (SQLite, demo data)…`);
  const { floor, roster, audit } = await withBenchBalise(async (balise, { cookie, classId }) => {
    // The stack's own floor first: the same process answering its smallest route, signed out.
    const floor = await measure('Balise floor', balise, `${balise.info.url}/api/session`, load);
    return { floor, ...(await measureAuditedRead(balise, `${balise.info.url}/api/classes/${classId}`, cookie, load)) };
  });
  if (!audit.ok) rosterProblems.push(`audit check: ${audit.message}`);
  rosterProblems.push(...floor.problems, ...roster.problems);
  log(`  Balise's smallest answer (anonymous /api/session): ${floor.figures.requestsPerSecond.toFixed(0)} req/s`);
  log(`  audited class-list read: ${roster.figures.requestsPerSecond.toFixed(0)} req/s`);

  // 3. The bare routes once more: this machine drifts by ±15 % from one run to the next, so the
  //    baseline is the mean of a run before and a run after the audited read.
  const bareAfter = await measureBare(load);
  bareProblems.push(...bareAfter.problems);
  log(`  bare Fastify route again: ${bareAfter.bare.requestsPerSecond.toFixed(0)} req/s; answering a class list: ${bareAfter.bareClassList.requestsPerSecond.toFixed(0)} req/s`);
  const bare = meanOf('bare route', bareBefore.bare, bareAfter.bare);
  const bareClassList = meanOf('bare list', bareBefore.bareClassList, bareAfter.bareClassList);

  return {
    load,
    bare,
    bareRuns: [bareBefore.bare.requestsPerSecond, bareAfter.bare.requestsPerSecond],
    bareClassList,
    baliseFloor: floor.figures,
    roster: roster.figures,
    ratio: roster.figures.requestsPerSecond / bare.requestsPerSecond,
    audit,
    problems: [...bareProblems, ...rosterProblems],
    bareProblems,
    rosterProblems,
  };
}
