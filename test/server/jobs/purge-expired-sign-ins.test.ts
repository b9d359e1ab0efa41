import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../../support/balise.ts';
import { demoFixtures } from '../../support/demo-people.ts';
import { hashToken } from '../../../src/db/auth/sessions.ts';
import { issueMagicLink } from '../../../src/db/auth/magic-links.ts';
import { findJob } from '../../../src/db/jobs/scheduled-jobs.ts';
import { purgeExpiredSignInsJob } from '../../../src/server/jobs/purge-expired-sign-ins.ts';
import { RECURRING_KEY } from '../../../src/server/jobs/schedule-job.ts';

const minutes = (n: number) => n * 60_000;

describe.each(dialects)('jobs: the purge of expired sign-ins, started with the server, on %s', (dialect) => {
  let b: TestBalise;
  // The server's clock, moved by the test: the hourly job comes due without waiting an hour.
  let at = new Date();
  const later = (ms: number) => new Date(at.getTime() + ms);
  beforeAll(async () => {
    b = await startTestBalise(dialect, {}, { now: () => at });
  }, 60_000);
  afterAll(async () => b?.close());

  it('jobs: the purge job removes expired one-time links and OpenID Connect sign-ins, and keeps those still counted or usable', async () => {
    const k = b.db.kysely;
    const { guardianId } = await demoFixtures(k);
    const stale = await issueMagicLink(k, guardianId, 15, new Date(at.getTime() - minutes(60 * 48)));
    const justExpired = await issueMagicLink(k, guardianId, 15, new Date(at.getTime() - minutes(20))); // still counted by the send limit
    const fresh = await issueMagicLink(k, guardianId, 15, at);
    const login = (state: string, expiresAt: Date) => ({ state, nonce: 'n', code_verifier: 'v', locale: 'fr', created_at: at.toISOString(), expires_at: expiresAt.toISOString() });
    await k.insertInto('oidc_login').values([login('expired-state', later(-minutes(1))), login('live-state', later(minutes(90)))]).execute();

    const job = await findJob(k, purgeExpiredSignInsJob.name, RECURRING_KEY);
    expect(job).toMatchObject({ state: 'scheduled', run_at: later(minutes(60)).toISOString() });
    await b.jobs.runDueJobs();
    expect(await k.selectFrom('magic_link').select('token_hash').where('token_hash', '=', hashToken(stale)).executeTakeFirst()).toBeDefined(); // not before its time

    at = later(minutes(60));
    expect((await b.jobs.runDueJobs()).succeeded).toBeGreaterThanOrEqual(1);
    const links = (await k.selectFrom('magic_link').select('token_hash').where('person_id', '=', guardianId).execute()).map((r) => r.token_hash);
    expect(links).not.toContain(hashToken(stale));
    expect(links).toEqual(expect.arrayContaining([hashToken(justExpired), hashToken(fresh)]));
    const states = (await k.selectFrom('oidc_login').select('state').execute()).map((r) => r.state);
    expect(states).toEqual(['live-state']);
    expect(await findJob(k, purgeExpiredSignInsJob.name, RECURRING_KEY)).toMatchObject({ state: 'scheduled', run_at: later(minutes(60)).toISOString(), last_error: null });
  });
});
