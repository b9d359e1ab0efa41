import { describe, expect, it } from 'vitest';
import { dialects, startTestBalise } from '../support/balise.ts';
import { DEMO_PASSWORD, demoAccounts } from '../support/demo-people.ts';
import { HttpClient } from '../support/http-client.ts';

describe.each(dialects)('SEC-4 sessions end on their own, on %s', (dialect) => {
  it('a session stops working once SESSION_TTL_HOURS have passed, and says so in the person’s language', async () => {
    let clock = Date.parse('2026-11-23T08:00:00Z');
    const b = await startTestBalise(dialect, { SESSION_TTL_HOURS: '1' }, { now: () => new Date(clock) });
    try {
      const c = new HttpClient(b.url);
      await c.signIn(demoAccounts.teacher, DEMO_PASSWORD);
      expect((await c.get('/api/classes')).status).toBe(200);
      clock += 59 * 60_000;
      expect((await c.get('/api/classes')).status).toBe(200);
      clock += 2 * 60_000;
      const expired = await c.get('/api/classes');
      expect(expired.status).toBe(401);
      expect(expired.json.error).toEqual({ code: 'auth.required', message: 'Veuillez vous connecter pour continuer.' });
      expect((await c.get('/api/session')).json.signedIn).toBe(false);
    } finally {
      await b.close();
    }
  }, 30_000);

  it('a session in use records when it was last seen, at most once a minute', async () => {
    const start = Date.parse('2026-11-23T08:00:00Z');
    let clock = start;
    const b = await startTestBalise(dialect, {}, { now: () => new Date(clock) });
    const lastSeen = async () => (await b.db.kysely.selectFrom('session').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;
    try {
      const c = new HttpClient(b.url);
      await c.signIn(demoAccounts.teacher, DEMO_PASSWORD);
      clock += 30_000;
      expect((await c.get('/api/classes')).status).toBe(200);
      expect(await lastSeen()).toBe(new Date(start).toISOString());
      clock += 31_000;
      expect((await c.get('/api/classes')).status).toBe(200);
      expect(await lastSeen()).toBe(new Date(start + 61_000).toISOString());
      // The next request sees the new time: no second write within the minute.
      clock += 1_000;
      expect((await c.get('/api/classes')).status).toBe(200);
      expect(await lastSeen()).toBe(new Date(start + 61_000).toISOString());
    } finally {
      await b.close();
    }
  }, 30_000);
});
