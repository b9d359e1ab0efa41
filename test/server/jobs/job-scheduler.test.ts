import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseTarget, type Db } from '../../../src/db/database.ts';
import { claimNextJob, findJob, findJobById } from '../../../src/db/jobs/scheduled-jobs.ts';
import { createJobScheduler, type JobScheduler, type JobSchedulerOptions } from '../../../src/server/jobs/job-scheduler.ts';
import { jobKind } from '../../../src/server/jobs/job-kind.ts';
import { scheduleJob } from '../../../src/server/jobs/schedule-job.ts';
import { dialects } from '../../support/balise.ts';
import { createTestPostgresDatabase } from '../../support/postgres.ts';

const T0 = new Date('2026-03-10T12:00:00.000Z');
const minutes = (n: number) => n * 60_000;

/** A clock the test moves by hand: no test waits for a job's time to come. */
function testClock(start = T0) {
  let at = start;
  return { now: () => at, advance: (ms: number) => (at = new Date(at.getTime() + ms)) };
}

describe.each(dialects)('jobs: the scheduler on %s', (dialect) => {
  let target: DatabaseTarget;
  let dropDatabase: () => Promise<void>;
  const opened: Db[] = [];
  const schedulers: JobScheduler[] = [];

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const pg = await createTestPostgresDatabase();
      target = { dialect, url: pg.url };
      dropDatabase = pg.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balise-jobs-'));
      target = { dialect, file: path.join(dir, 'jobs.sqlite') };
      dropDatabase = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    const db = openDatabase(target);
    await migrateToLatest(db);
    await db.close();
  });

  afterAll(async () => {
    for (const s of schedulers) await s.stop();
    for (const db of opened) await db.close();
    await dropDatabase?.();
  });

  /** A connection of its own, as another Balise instance (or the same one after a restart) would have. */
  function connect(): Db {
    const db = openDatabase(target);
    opened.push(db);
    return db;
  }
  function scheduler(db: Db, opts: Omit<JobSchedulerOptions, 'db'> = {}): JobScheduler {
    const s = createJobScheduler({ db: db.kysely, ...opts });
    schedulers.push(s);
    return s;
  }

  it('jobs: a job runs at its time, not before, and once', async () => {
    const clock = testClock();
    const kind = jobKind<{ spaceId: string }>('test.at_its_time');
    const ran: string[] = [];
    const db = connect();
    const jobs = scheduler(db, { now: clock.now });
    jobs.register(kind, async (job) => void ran.push(`${job.payload.spaceId}@${job.now.toISOString()}`));
    const { id } = await jobs.schedule(kind, { spaceId: 'space-1' }, { at: new Date(T0.getTime() + minutes(10)) });

    expect((await jobs.runDueJobs()).claimed).toBe(0);
    clock.advance(minutes(10) - 1);
    expect((await jobs.runDueJobs()).claimed).toBe(0);
    expect(ran).toEqual([]);
    clock.advance(1);
    expect(await jobs.runDueJobs()).toEqual({ claimed: 1, succeeded: 1, retried: 0, failed: 0 });
    expect(ran).toEqual(['space-1@2026-03-10T12:10:00.000Z']);
    clock.advance(minutes(60));
    expect((await jobs.runDueJobs()).claimed).toBe(0);
    const row = await findJobById(db.kysely, id);
    expect(row).toMatchObject({ state: 'done', attempts: 1, claim_token: null, locked_until: null, finished_at: '2026-03-10T12:10:00.000Z' });
  });

  it('jobs: scheduling twice with one unique key keeps one job; replace moves it; cancel removes it', async () => {
    const clock = testClock();
    const db = connect();
    const kind = jobKind<{ n: number }>('test.unique_key');
    const ran: number[] = [];
    const jobs = scheduler(db, { now: clock.now });
    jobs.register(kind, async (job) => void ran.push(job.payload.n));
    const first = await jobs.schedule(kind, { n: 1 }, { at: new Date(T0.getTime() + minutes(5)), uniqueKey: 'space-1' });
    const again = await jobs.schedule(kind, { n: 2 }, { at: T0, uniqueKey: 'space-1' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect((await jobs.runDueJobs()).claimed).toBe(0); // the first one's time and payload were kept

    const moved = await jobs.schedule(kind, { n: 3 }, { at: new Date(T0.getTime() + minutes(1)), uniqueKey: 'space-1', ifTaken: 'replace' });
    expect(moved).toEqual({ id: first.id, created: false });
    clock.advance(minutes(1));
    await jobs.runDueJobs();
    expect(ran).toEqual([3]);
    // Done, the key still holds: scheduling it again is a no-op.
    expect((await jobs.schedule(kind, { n: 4 }, { at: T0, uniqueKey: 'space-1' })).created).toBe(false);

    await jobs.schedule(kind, { n: 5 }, { at: new Date(T0.getTime() + minutes(2)), uniqueKey: 'space-2' });
    expect(await jobs.cancel(kind, 'space-2')).toBe(true);
    expect(await jobs.cancel(kind, 'space-2')).toBe(false);
    clock.advance(minutes(5));
    await jobs.runDueJobs();
    expect(ran).toEqual([3]);
    expect(await findJob(db.kysely, kind.name, 'space-2')).toBeNull();
  });

  it('jobs: a job scheduled before a restart runs after it', async () => {
    const clock = testClock();
    const kind = jobKind<{ recordingId: string }>('test.after_restart');
    const before = connect();
    // Scheduled inside a transaction, as an operation does with its change.
    await before.kysely.transaction().execute((trx) => scheduleJob(trx, kind, { recordingId: 'rec-7' }, { at: new Date(T0.getTime() + minutes(30)), now: T0 }));
    await before.close();
    opened.splice(opened.indexOf(before), 1);

    clock.advance(minutes(45));
    const after = scheduler(connect(), { now: clock.now });
    const ran: string[] = [];
    after.register(kind, async (job) => void ran.push(`${job.payload.recordingId} due ${job.runAt.toISOString()}`));
    expect(await after.runDueJobs()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(ran).toEqual(['rec-7 due 2026-03-10T12:30:00.000Z']);
  });

  it('jobs: two schedulers on two connections to one database race for 50 jobs and each runs exactly once', async () => {
    const clock = testClock();
    const kind = jobKind<{ n: number }>('test.race');
    const runs: { by: string; n: number }[] = [];
    const [a, b] = ['a', 'b'].map((by) => {
      const s = scheduler(connect(), { now: clock.now });
      // The pause lets the other scheduler claim while this one's handler runs, as two instances would.
      s.register(kind, async (job) => {
        runs.push({ by, n: job.payload.n });
        await sleep(2);
      });
      return s;
    }) as [JobScheduler, JobScheduler];
    for (let n = 0; n < 50; n++) await a.schedule(kind, { n }, { at: T0 });

    const [ra, rb] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
    expect(ra.succeeded + rb.succeeded).toBe(50);
    expect(runs.map((r) => r.n).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    expect(ra.claimed).toBeGreaterThan(0);
    expect(rb.claimed).toBeGreaterThan(0);
    expect((await a.runDueJobs()).claimed + (await b.runDueJobs()).claimed).toBe(0);
  });

  it('jobs: a failing job is retried with back-off, then marked failed with its error and no personal information', async () => {
    const clock = testClock();
    const db = connect();
    const kind = jobKind<Record<string, never>>('test.failing');
    const attempts: number[] = [];
    const jobs = scheduler(db, { now: clock.now });
    jobs.register(
      kind,
      async (job) => {
        attempts.push(job.attempt);
        throw new Error('550 mailbox unavailable: <sophie.lavoie@exemple.ca>');
      },
      { maxAttempts: 3, backoff: { firstMs: minutes(1), longestMs: minutes(10) } },
    );
    const { id } = await jobs.schedule(kind, {}, { at: T0 });

    expect(await jobs.runDueJobs()).toEqual({ claimed: 1, succeeded: 0, retried: 1, failed: 0 });
    expect(await findJobById(db.kysely, id)).toMatchObject({ state: 'scheduled', attempts: 1, run_at: '2026-03-10T12:01:00.000Z' });
    clock.advance(minutes(1) - 1);
    expect((await jobs.runDueJobs()).claimed).toBe(0); // not before its back-off
    clock.advance(1);
    expect((await jobs.runDueJobs()).retried).toBe(1);
    expect(await findJobById(db.kysely, id)).toMatchObject({ state: 'scheduled', attempts: 2, run_at: '2026-03-10T12:03:00.000Z' });
    clock.advance(minutes(2));
    expect(await jobs.runDueJobs()).toEqual({ claimed: 1, succeeded: 0, retried: 0, failed: 1 });
    const failed = (await findJobById(db.kysely, id))!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, finished_at: '2026-03-10T12:03:00.000Z', claim_token: null });
    expect(failed.last_error).toBe('Error: 550 mailbox unavailable: <[e-mail]>');
    clock.advance(minutes(60));
    expect((await jobs.runDueJobs()).claimed).toBe(0);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('jobs: a run whose instance crashed is retried once its lock expires; on its last attempt it is marked failed', async () => {
    const clock = testClock();
    const db = connect();
    const kind = jobKind<{ n: number }>('test.crashed');
    const ran: { n: number; attempt: number }[] = [];
    const jobs = scheduler(db, { now: clock.now, lockMs: minutes(2) });
    jobs.register(kind, async (job) => void ran.push({ n: job.payload.n, attempt: job.attempt }), { maxAttempts: 2 });
    const { id } = await jobs.schedule(kind, { n: 1 }, { at: T0 });
    // Another instance claims it, then dies without a word.
    const crash = (until: number) => claimNextJob(db.kysely, { kinds: [kind.name], token: 'dead-instance', now: clock.now(), lockedUntil: new Date(clock.now().getTime() + until) });
    expect((await crash(minutes(2)))?.id).toBe(id);

    clock.advance(minutes(2) - 1);
    expect((await jobs.runDueJobs()).claimed).toBe(0); // still locked: it might be alive
    clock.advance(1);
    expect(await jobs.runDueJobs()).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(ran).toEqual([{ n: 1, attempt: 2 }]);

    // The last attempt dies too: the job is failed without running a third time.
    const last = await jobs.schedule(kind, { n: 2 }, { at: clock.now() });
    await crash(minutes(2));
    clock.advance(minutes(2));
    await crash(minutes(2));
    clock.advance(minutes(2));
    expect(await jobs.runDueJobs()).toMatchObject({ claimed: 1, failed: 1 });
    expect(ran).toEqual([{ n: 1, attempt: 2 }]);
    expect((await findJobById(db.kysely, last.id))?.last_error).toMatch(/^Interrupted/);
  });

  it('jobs: a recurring job runs at each occurrence and is scheduled once however many times instances start', async () => {
    const clock = testClock(new Date('2026-03-07T12:00:00.000Z'));
    const db = connect();
    const kind = jobKind<{ scope: string }>('test.recurring');
    const ran: string[] = [];
    const jobs = scheduler(db, { now: clock.now });
    jobs.register(kind, async (job) => void ran.push(job.now.toISOString()));
    const rule = { every: 'day', at: '02:30', timeZone: 'America/Toronto' } as const;
    const first = await jobs.scheduleRecurring(kind, rule, { payload: { scope: 'board' } });
    expect(await jobs.scheduleRecurring(kind, rule, { payload: { scope: 'board' } })).toEqual({ id: first.id, created: false });
    expect(await findJobById(db.kysely, first.id)).toMatchObject({ run_at: '2026-03-08T07:00:00.000Z', state: 'scheduled' });

    clock.advance(new Date('2026-03-08T07:00:00.000Z').getTime() - clock.now().getTime());
    await jobs.runDueJobs();
    expect(await findJobById(db.kysely, first.id)).toMatchObject({ run_at: '2026-03-09T06:30:00.000Z', state: 'scheduled', attempts: 0 });
    clock.advance(minutes(60 * 24));
    await jobs.runDueJobs();
    expect(ran).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T07:00:00.000Z']);

    // A rule changed in code moves the job at the next start.
    await jobs.scheduleRecurring(kind, { ...rule, at: '04:00' }, { payload: { scope: 'board' } });
    expect(await findJobById(db.kysely, first.id)).toMatchObject({ run_at: '2026-03-09T08:00:00.000Z' }); // 04:00 EDT, still ahead on the 9th
  });

  it('jobs: stopping gives a handler that gives up its job back, untried, and waits for the round', async () => {
    const clock = testClock();
    const db = connect();
    const kind = jobKind<Record<string, never>>('test.stopping');
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const jobs = scheduler(db, { now: clock.now });
    jobs.register(kind, async (job) => {
      started();
      await new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(new Error('stopping'))));
    });
    const { id } = await jobs.schedule(kind, {}, { at: T0 });
    const round = jobs.runDueJobs();
    await running;
    await jobs.stop();
    expect(await round).toMatchObject({ claimed: 1, succeeded: 0, retried: 0, failed: 0 });
    expect(await findJobById(db.kysely, id)).toMatchObject({ state: 'scheduled', attempts: 0, claim_token: null, last_error: null });
  });

  it('jobs: the polling loop runs a due job by itself, and stops with the scheduler', async () => {
    const kind = jobKind<{ n: number }>('test.polling');
    const ran: number[] = [];
    const jobs = scheduler(connect(), { pollMs: 20 });
    jobs.register(kind, async (job) => void ran.push(job.payload.n));
    await jobs.schedule(kind, { n: 1 }, { at: new Date() });
    jobs.start();
    for (let waited = 0; ran.length === 0 && waited < 2000; waited += 10) await sleep(10);
    expect(ran).toEqual([1]);
    await jobs.stop();
    await jobs.schedule(kind, { n: 2 }, { at: new Date() });
    await sleep(100);
    expect(ran).toEqual([1]);
  });

  it('jobs: a long run keeps its lock alive, so another instance does not take it over', async () => {
    // Real clock here: the heartbeat is what is tested.
    const kind = jobKind<Record<string, never>>('test.long_run');
    let runs = 0;
    const [a, b] = [scheduler(connect(), { lockMs: 150 }), scheduler(connect(), { lockMs: 150 })];
    for (const s of [a, b]) s.register(kind, async () => void (runs++, await sleep(500)));
    await a.schedule(kind, {}, { at: new Date() });
    const long = a.runDueJobs();
    await sleep(350); // more than twice the lock: without the heartbeat, b would take it
    expect((await b.runDueJobs()).claimed).toBe(0);
    expect(await long).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(runs).toBe(1);
  });
});
