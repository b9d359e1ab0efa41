/**
 * Balise's job scheduler: reminders, escalations, quiet-hour releases, consent expiry, year-end,
 * recording destruction and housekeeping all go through this one interface.
 *
 * Why not a library: Balise runs on SQLite or PostgreSQL through its own Kysely connection, and
 * the well-kept Node job queues each serve one engine through their own connection — pg-boss and
 * graphile-worker are PostgreSQL-only, BullMQ needs Redis, the SQLite queues (node-persistent-
 * queue, @commandkit/tasks) open their own SQLite file. Using one of them would mean two job
 * systems behind one interface and jobs outside the transactions that create them. What Balise
 * needs is small: one table (migration 0009), a claim that is one statement (`for update skip
 * locked` on PostgreSQL, an IMMEDIATE transaction on SQLite), a compare-and-set on a claim token
 * to record the outcome, and a lock kept alive while a handler runs and taken over once expired.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { claimNextJob } from '../../db/jobs/scheduled-jobs.ts';
import { jobErrorText } from '../../domain/jobs/job-error-text.ts';
import type { RecurrenceRule } from '../../domain/jobs/recurrence.ts';
import { DEFAULT_BACKOFF } from '../../domain/jobs/retry-backoff.ts';
import type { JobHandler, JobKind, JobKindOptions, JobPayload } from './job-kind.ts';
import { runClaimedJob, type JobLog, type RegisteredKind, type RunResult } from './run-claimed-job.ts';
import { cancelJob, cancelJobById, scheduleJob, scheduleRecurringJob, type ScheduleOptions } from './schedule-job.ts';

/** What one call of `runDueJobs` did. */
export interface JobRoundSummary {
  claimed: number;
  succeeded: number;
  retried: number;
  failed: number;
}

export interface JobScheduler {
  /** Registers the handler of a kind; this instance then claims jobs of that kind (and only registered kinds). */
  register<P extends JobPayload>(kind: JobKind<P>, handler: JobHandler<P>, options?: JobKindOptions): void;
  schedule<P extends JobPayload>(kind: JobKind<P>, payload: P, opts: Omit<ScheduleOptions, 'now'>): Promise<{ id: string; created: boolean }>;
  scheduleRecurring<P extends JobPayload>(kind: JobKind<P>, rule: RecurrenceRule, opts?: { payload?: P; uniqueKey?: string }): Promise<{ id: string; created: boolean }>;
  cancel(kind: JobKind<any>, uniqueKey: string): Promise<boolean>;
  cancelById(id: string): Promise<boolean>;
  /** Runs every job due now, one after the other, then resolves (tests call it with their own clock). */
  runDueJobs(): Promise<JobRoundSummary>;
  /** Starts polling every `pollMs`. */
  start(): void;
  /** Stops polling, asks a running handler to give up, and waits for the round in progress. */
  stop(): Promise<void>;
}

export interface JobSchedulerOptions {
  db: Kysely<Database>;
  now?: () => Date;
  log?: JobLog;
  pollMs?: number;
  /** How long a claim holds without a heartbeat: a crashed instance's job is retried after this. */
  lockMs?: number;
  /** A round yields after this many jobs (the next round follows at once), so stop() is never long in coming. */
  maxJobsPerRound?: number;
}

const SILENT: JobLog = { info() {}, warn() {}, error() {} };
const DEFAULT_OPTIONS: Required<JobKindOptions> = { maxAttempts: 5, backoff: DEFAULT_BACKOFF };

export function createJobScheduler(opts: JobSchedulerOptions): JobScheduler {
  const { db } = opts;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? SILENT;
  const lockMs = opts.lockMs ?? 2 * 60_000;
  const maxJobsPerRound = opts.maxJobsPerRound ?? 100;
  const kinds = new Map<string, RegisteredKind>();
  const stopping = new AbortController();
  let rounds: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  async function round(): Promise<JobRoundSummary> {
    const summary: JobRoundSummary = { claimed: 0, succeeded: 0, retried: 0, failed: 0 };
    const rc = { db, now, log, lockMs, signal: stopping.signal };
    while (!stopping.signal.aborted && summary.claimed < maxJobsPerRound) {
      const token = randomUUID();
      const at = now();
      const row = await claimNextJob(db, { kinds: [...kinds.keys()], token, now: at, lockedUntil: new Date(at.getTime() + lockMs) });
      if (!row) break;
      summary.claimed++;
      const result: RunResult = await runClaimedJob(rc, row, kinds.get(row.kind)!, token);
      if (result === 'succeeded' || result === 'retried' || result === 'failed') summary[result]++;
    }
    return summary;
  }

  // One round at a time in this instance: the polling loop and a test's call wait for each other.
  function runDueJobs(): Promise<JobRoundSummary> {
    const next = rounds.then(round, round);
    rounds = next.catch(() => undefined);
    return next;
  }

  function poll(delayMs: number) {
    timer = setTimeout(async () => {
      let full = false;
      try {
        full = (await runDueJobs()).claimed >= maxJobsPerRound;
      } catch (err) {
        log.error({ error: jobErrorText(err) }, 'Job round failed; trying again at the next poll');
      }
      if (!stopping.signal.aborted) poll(full ? 0 : (opts.pollMs ?? 10_000));
    }, delayMs);
    timer.unref();
  }

  return {
    register(kind, handler, options = {}) {
      if (kinds.has(kind.name)) throw new Error(`Job kind registered twice: ${kind.name}`);
      kinds.set(kind.name, { handler: handler as JobHandler<any>, options: { ...DEFAULT_OPTIONS, ...options } });
    },
    schedule: (kind, payload, o) => scheduleJob(db, kind, payload, { ...o, now: now() }),
    scheduleRecurring: (kind, rule, o = {}) => scheduleRecurringJob(db, kind, rule, { ...o, now: now() }),
    cancel: (kind, uniqueKey) => cancelJob(db, kind, uniqueKey),
    cancelById: (id) => cancelJobById(db, id),
    runDueJobs,
    start() {
      if (timer === null && !stopping.signal.aborted) poll(opts.pollMs ?? 10_000);
    },
    async stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
      await rounds;
    },
  };
}
