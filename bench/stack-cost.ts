/**
 * `npm run bench:stack`: where the time of a Balise request goes. A bare Fastify route is
 * measured, then the same route with Balise's request layers added one at a time
 * (bench/stack-cost-server.ts), then the real Balise: its smallest answer (anonymous
 * `/api/session`) and the audited class-list read. Each line gives requests/s, the server's CPU
 * per request, what the line adds to the one before, and its rate as a share of the bare route.
 *
 * It explains the read benchmark of `npm run bench` rather than replacing it: same load
 * generator (autocannon here), same servers. Each line is the median of three runs (this machine
 * drifts from one run to the next): BENCH_DURATION seconds each (default 4) after one warm-up.
 */
import os from 'node:os';
import { loadFromEnv, measure, serverMicros, startChild, withBenchBalise, type Child, type LoadFigures } from './roster-read-bench.ts';
import { fmt, pct } from './bench-figures.ts';
import { STACK_LAYERS } from './stack-layers.ts';

const load = loadFromEnv({ duration: 4, warmup: 1 });
const RUNS = 3;
const rows: LoadFigures[] = [];
const problems: string[] = [];

/** The run with the median server CPU per request among RUNS runs (the first after a warm-up). */
async function medianOf(label: string, server: Child, url: string, headers: Record<string, string> = {}): Promise<LoadFigures> {
  const runs: LoadFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const m = await measure(label, server, url, i === 0 ? load : { ...load, warmup: 0 }, headers);
    problems.push(...m.problems);
    runs.push(m.figures);
  }
  return runs.sort((a, b) => serverMicros(a) - serverMicros(b))[Math.floor(RUNS / 2)]!;
}

async function measureLayers(layers: number, label: string) {
  const server = await startChild('stack-cost-server.ts', { BENCH_LAYERS: String(layers) });
  try {
    rows.push(await medianOf(label, server, `${server.info.url}/api/session`));
  } finally {
    await server.stop();
  }
}

console.log(`== Where a request's time goes (${os.cpus().length} cores, ${load.connections} connections, ${load.warmup} s warm-up, then median of ${RUNS} runs of ${load.duration} s)`);
await measureLayers(0, 'bare Fastify route');
for (let i = 1; i <= STACK_LAYERS.length; i++) await measureLayers(i, `+ ${STACK_LAYERS[i - 1]}`);
await withBenchBalise(async (balise, { cookie, classId }) => {
  rows.push(await medianOf('Balise, anonymous /api/session', balise, `${balise.info.url}/api/session`));
  rows.push(await medianOf('Balise, audited class-list read', balise, `${balise.info.url}/api/classes/${classId}`, { cookie }));
});

const bare = rows[0]!;
console.log(`\n  ${'layer'.padEnd(52)} ${'req/s'.padStart(8)} ${'server µs'.padStart(10)} ${'adds µs'.padStart(8)} ${'of bare'.padStart(8)}`);
rows.forEach((f, i) => {
  const added = i === 0 ? '' : fmt(serverMicros(f) - serverMicros(rows[i - 1]!), 1);
  console.log(
    `  ${f.label.padEnd(52)} ${fmt(f.requestsPerSecond).padStart(8)} ${fmt(serverMicros(f), 1).padStart(10)} ${added.padStart(8)} ${pct(f.requestsPerSecond / bare.requestsPerSecond).padStart(8)}`,
  );
});
console.log(`\n  half the bare route's rate leaves a request about ${fmt(2 * serverMicros(bare), 1)} µs of server CPU (twice the bare route's)`);
if (problems.length > 0) {
  console.log(`\nINVALID measurement:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
