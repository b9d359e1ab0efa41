import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBalise, type RunningBalise } from '../../../src/server/start.ts';
import { hashPassword } from '../../../src/server/auth/password-hash.ts';
import { setPassword } from '../../../src/db/auth/credentials.ts';
import { dialects, loopbackConfig, startTestBalise, type TestBalise } from '../../support/balise.ts';
import { HttpClient } from '../../support/http-client.ts';
import { demoAccounts, DEMO_PASSWORD } from '../../support/demo-people.ts';

const sessionCookieOf = (headers: Headers) => headers.getSetCookie().find((c) => c.startsWith('balise_session='));
const cookieAttributes = (setCookie: string) => setCookie.split(';').slice(1).map((a) => a.trim().toLowerCase());
const sessionTokenOf = (headers: Headers) => sessionCookieOf(headers)!.split(';')[0]!.split('=').slice(1).join('=');

/** Signs in through the API and returns the client and the raw cookie value it was given. */
async function signInWithCookie(url: string, username: string) {
  const c = new HttpClient(url);
  const res = await c.post('/api/auth/login', { username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  return { client: c, cookie: sessionTokenOf(res.headers), payload: res.json };
}

async function personId(b: TestBalise, username: string) {
  return (await b.db.kysely.selectFrom('person').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

describe.each(dialects)('SEC-4 local accounts, sessions and request protections, on %s', (dialect) => {
  let b: TestBalise;

  beforeAll(async () => {
    b = await startTestBalise(dialect, { LOGIN_MAX_FAILURES: '3' });
  }, 60_000);
  afterAll(async () => b?.close());

  it('ORG-3 SEC-4 passwords are stored as argon2id hashes, never in clear', async () => {
    const rows = await b.db.kysely.selectFrom('password_credential').select('password_hash').execute();
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      expect(r.password_hash.startsWith('$argon2id$')).toBe(true);
      expect(r.password_hash).not.toContain(DEMO_PASSWORD);
    }
  });

  it('ORG-3 the right password signs a staff member in, by username or by e-mail', async () => {
    const byUsername = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD });
    expect(byUsername.status).toBe(200);
    expect(byUsername.json).toMatchObject({ signedIn: true, person: { kind: 'staff', givenName: 'Marie', familyName: 'Gagnon' } });
    expect(byUsername.json.csrfToken).toEqual(expect.any(String));
    const email = (await b.db.kysely.selectFrom('person').select('email').where('username', '=', demoAccounts.teacher).executeTakeFirstOrThrow()).email!;
    const byEmail = await new HttpClient(b.url).post('/api/auth/login', { username: email.toUpperCase(), password: DEMO_PASSWORD });
    expect(byEmail.status).toBe(200);
  });

  it('SEC-4 a wrong password gets 401 with a French message, or English when the browser chose English', async () => {
    const fr = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.principal, password: 'pas-le-bon' });
    expect(fr.status).toBe(401);
    expect(fr.json.error).toEqual({ code: 'auth.invalid_credentials', message: 'Nom d’utilisateur ou mot de passe incorrect.' });
    expect(sessionCookieOf(fr.headers)).toBeUndefined();
    const en = await new HttpClient(b.url, { cookie: 'balise_lang=en' }).post('/api/auth/login', { username: demoAccounts.principal, password: 'not-it' });
    expect(en.status).toBe(401);
    expect(en.json.error).toEqual({ code: 'auth.invalid_credentials', message: 'Incorrect username or password.' });
    // An unknown account gets exactly the same answer.
    const unknown = await new HttpClient(b.url).post('/api/auth/login', { username: 'personne.inconnue', password: 'x' });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(fr.json);
    // The failures do not count once the right password is given.
    expect((await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.principal, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('SEC-4 after LOGIN_MAX_FAILURES failures the account is locked (423), even for the right password; SEC-1 the lock is audited', async () => {
    const c = new HttpClient(b.url);
    const tries = [];
    for (let i = 0; i < 3; i++) tries.push(await c.post('/api/auth/login', { username: demoAccounts.otherTeacher, password: `faux-${i}` }));
    expect(tries.map((t) => t.status)).toEqual([401, 401, 423]);
    expect(tries[2]!.json.error.code).toBe('auth.locked');
    expect(tries[2]!.json.error.message).toBe('Trop d’essais infructueux : ce compte est bloqué pendant 15 minutes.');
    const right = await c.post('/api/auth/login', { username: demoAccounts.otherTeacher, password: DEMO_PASSWORD });
    expect(right.status).toBe(423);
    expect(right.json.error.code).toBe('auth.locked');
    expect(sessionCookieOf(right.headers)).toBeUndefined();
    const id = await personId(b, demoAccounts.otherTeacher);
    const cred = await b.db.kysely.selectFrom('password_credential').select('locked_until').where('person_id', '=', id).executeTakeFirstOrThrow();
    expect(Date.parse(cred.locked_until!)).toBeGreaterThan(Date.now() + 14 * 60_000);
    const locked = await b.db.kysely.selectFrom('audit_log').select('action').where('actor_id', '=', id).where('action', '=', 'auth.account_locked').execute();
    expect(locked).toHaveLength(1);
    // Once the lock has run out, the right password works again.
    await b.db.kysely.updateTable('password_credential').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('person_id', '=', id).execute();
    expect((await c.post('/api/auth/login', { username: demoAccounts.otherTeacher, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('SEC-4 a name that matches no account is locked the same way, so a lockout does not reveal who has an account', async () => {
    const c = new HttpClient(b.url);
    const known = [];
    const unknown = [];
    for (let i = 0; i < 4; i++) known.push(await c.post('/api/auth/login', { username: demoAccounts.student, password: `faux-${i}` }));
    for (let i = 0; i < 4; i++) unknown.push(await c.post('/api/auth/login', { username: `  Personne.Inconnue-${dialect}  `, password: `faux-${i}` }));
    expect(unknown.map((r) => r.status)).toEqual(known.map((r) => r.status));
    expect(unknown.map((r) => r.status)).toEqual([401, 401, 423, 423]);
    expect(unknown.map((r) => r.json)).toEqual(known.map((r) => r.json));
    // Another spelling of the same name shares its counter.
    expect((await c.post('/api/auth/login', { username: `personne.inconnue-${dialect}`, password: 'x' })).status).toBe(423);
    // Its lock runs out like an account's.
    await b.db.kysely.updateTable('sign_in_throttle').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await c.post('/api/auth/login', { username: `personne.inconnue-${dialect}`, password: 'x' })).status).toBe(401);
    await b.db.kysely.updateTable('password_credential').set({ locked_until: null }).where('person_id', '=', await personId(b, demoAccounts.student)).execute();
  });

  it('ORG-3 a guardian cannot sign in with a password, even one stored for them', async () => {
    const guardian = await b.db.kysely.selectFrom('person').select('id').where('email_normalized', '=', demoAccounts.guardianEmail).executeTakeFirstOrThrow();
    await setPassword(b.db.kysely, guardian.id, await hashPassword(DEMO_PASSWORD));
    const res = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.guardianEmail, password: DEMO_PASSWORD });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('auth.invalid_credentials');
    expect(sessionCookieOf(res.headers)).toBeUndefined();
    await b.db.kysely.deleteFrom('password_credential').where('person_id', '=', guardian.id).execute();
  });

  it('SEC-4 the session cookie is HttpOnly, SameSite=Lax, Path=/ (and not Secure when COOKIE_SECURE=false)', async () => {
    const res = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD });
    const cookie = sessionCookieOf(res.headers)!;
    expect(cookie).toBeDefined();
    const attrs = cookieAttributes(cookie);
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs).not.toContain('secure');
    expect(attrs).toContain(`max-age=${12 * 3600}`);
  });

  it('SEC-4 the session lives in the database: its cookie value is stored only as a hash', async () => {
    const res = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD });
    const token = decodeURIComponent(sessionTokenOf(res.headers));
    const rows = await b.db.kysely.selectFrom('session').selectAll().execute();
    expect(rows.some((r) => r.csrf_token === res.json.csrfToken)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('SEC-4 signing out deletes the session row and the old cookie stops working', async () => {
    const { client: c, cookie } = await signInWithCookie(b.url, demoAccounts.teacher);
    const row = await b.db.kysely.selectFrom('session').select('id').where('csrf_token', '=', c.csrfToken!).executeTakeFirstOrThrow();
    // A copy of the cookie, kept by someone else, works before sign-out...
    const stolen = new HttpClient(b.url);
    stolen.setCookie('balise_session', cookie);
    expect((await stolen.get('/api/classes')).status).toBe(200);

    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(204);
    const cleared = sessionCookieOf(out.headers)!;
    expect(cleared).toMatch(/balise_session=;|expires=thu, 01 jan 1970|max-age=0/i);
    expect(await b.db.kysely.selectFrom('session').select('id').where('id', '=', row.id).execute()).toEqual([]);
    // ...and not after.
    expect((await stolen.get('/api/session')).json.signedIn).toBe(false);
    const refused = await stolen.get('/api/classes');
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('auth.required');
  });

  it('SEC-4 CSRF: a signed-in POST without the token, or with a wrong one, is refused with 403 csrf.invalid', async () => {
    const c = new HttpClient(b.url);
    await c.signIn(demoAccounts.teacher, DEMO_PASSWORD);
    const token = c.csrfToken!;
    c.csrfToken = undefined;
    const without = await c.post('/api/auth/logout');
    c.csrfToken = token;
    expect(without.status).toBe(403);
    expect(without.json.error).toEqual({ code: 'csrf.invalid', message: 'La requête n’a pas pu être vérifiée. Rechargez la page et réessayez.' });
    const wrong = await c.post('/api/auth/logout', {}, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe('csrf.invalid');
    // Neither refused request ended the session.
    expect((await c.get('/api/session')).json.signedIn).toBe(true);
    expect((await c.post('/api/auth/logout')).status).toBe(204);
  });

  it('SEC-4 CSRF: a POST from a foreign Origin is refused with 403, signed in or not', async () => {
    const c = new HttpClient(b.url);
    await c.signIn(demoAccounts.teacher, DEMO_PASSWORD);
    const foreign = await c.post('/api/auth/logout', {}, { origin: 'https://attaquant.exemple' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('csrf.invalid');
    expect((await c.get('/api/session')).json.signedIn).toBe(true);
    const anonymous = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD }, { origin: 'https://attaquant.exemple' });
    expect(anonymous.status).toBe(403);
    expect(anonymous.json.error.code).toBe('csrf.invalid');
    expect(sessionCookieOf(anonymous.headers)).toBeUndefined();
    const own = await new HttpClient(b.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD }, { origin: new URL(b.url).origin });
    expect(own.status).toBe(200);
  });

  it('SEC-4 validation: a malformed sign-in body gets 400 invalid_input with a message', async () => {
    const res = await new HttpClient(b.url).post('/api/auth/login', { username: '', password: 42 });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(res.json.error.message).toBe('Certaines informations fournies ne sont pas valides.');
  });

  it('SEC-4 security headers: a strict CSP without unsafe-inline, nosniff, no framing, on the pages; on the API a policy that allows nothing', async () => {
    for (const path of ['/', '/connexion']) {
      const res = await new HttpClient(b.url).get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    for (const path of ['/api/session', '/api/classes', '/api/pas-une-route']) {
      const res = await new HttpClient(b.url).get(path);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('SEC-4 API answers are never stored by a browser or a proxy (no-store); hashed assets stay cacheable', async () => {
    const teacher = new HttpClient(b.url);
    expect((await teacher.post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD })).status).toBe(200);
    const classes = await teacher.get('/api/classes');
    expect(classes.status).toBe(200);
    expect(classes.headers.get('cache-control')).toBe('no-store');
    const roster = await teacher.get(`/api/classes/${classes.json.classGroups[0].id}`);
    expect(roster.headers.get('cache-control')).toBe('no-store');
    expect((await new HttpClient(b.url).get('/api/session')).headers.get('cache-control')).toBe('no-store');
    const page = await new HttpClient(b.url).get('/connexion');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = /\/assets\/[^"]+\.js/.exec(page.text)![0];
    const script = await new HttpClient(b.url).get(asset);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('SEC-4 sessions are shared through the database: a second instance on the same database accepts the cookie, and sign-out there ends it everywhere', async () => {
    const countPeople = async () => Number((await b.db.kysely.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const peopleBefore = await countPeople();
    const second: RunningBalise = await startBalise(
      await loopbackConfig(b.dataDir, b.ctx.config.database.dialect === 'postgres' ? { DATABASE_URL: b.ctx.config.database.url } : {}),
    );
    try {
      expect(second.ctx.config.database).toEqual(b.ctx.config.database);
      expect(second.url).not.toBe(b.url);
      // The second instance found the board already there and did not seed it again.
      expect(await b.db.kysely.selectFrom('board').select('id').execute()).toHaveLength(1);
      expect(await countPeople()).toBe(peopleBefore);
      const { client: first, cookie, payload } = await signInWithCookie(b.url, demoAccounts.teacher);
      const other = new HttpClient(second.url);
      other.setCookie('balise_session', cookie);
      const session = await other.get('/api/session');
      expect(session.json).toMatchObject({ signedIn: true, person: { id: payload.person.id } });
      const classes = await other.get('/api/classes');
      expect(classes.status).toBe(200);
      expect(classes.json.classGroups).toHaveLength(1);

      expect((await other.post('/api/auth/logout')).status).toBe(204);
      expect((await first.get('/api/session')).json.signedIn).toBe(false);
    } finally {
      await second.close();
    }
  });
});

describe.each(dialects)('SEC-4 hardened settings, on %s', (dialect) => {
  let secure: TestBalise;
  let limited: TestBalise;

  beforeAll(async () => {
    [secure, limited] = await Promise.all([
      startTestBalise(dialect, { COOKIE_SECURE: 'true' }),
      startTestBalise(dialect, { RATE_LIMIT_SIGNIN_PER_MINUTE: '3' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await secure?.close();
    await limited?.close();
  });

  it('SEC-4 with COOKIE_SECURE=true the session cookie is Secure (and HSTS is sent)', async () => {
    const res = await new HttpClient(secure.url).post('/api/auth/login', { username: demoAccounts.teacher, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const attrs = cookieAttributes(sessionCookieOf(res.headers)!);
    expect(attrs).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('SEC-4 rate limit: with RATE_LIMIT_SIGNIN_PER_MINUTE=3 the 4th attempt in a minute gets 429 rate_limited, even with the right password', async () => {
    const c = new HttpClient(limited.url);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await c.post('/api/auth/login', { username: demoAccounts.principal, password: `faux-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401]);
    const fourth = await c.post('/api/auth/login', { username: demoAccounts.principal, password: DEMO_PASSWORD });
    expect(fourth.status).toBe(429);
    expect(fourth.json.error).toEqual({ code: 'rate_limited', message: 'Trop de demandes. Réessayez dans une minute.' });
    expect(sessionCookieOf(fourth.headers)).toBeUndefined();
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    const english = await new HttpClient(limited.url, { cookie: 'balise_lang=en' }).post('/api/auth/login', { username: demoAccounts.principal, password: DEMO_PASSWORD });
    expect(english.status).toBe(429);
    expect(english.json.error.message).toBe('Too many requests. Please try again in a minute.');
    // Reading pages and the API is not limited by the sign-in budget.
    expect((await c.get('/api/session')).status).toBe(200);
  });
});
