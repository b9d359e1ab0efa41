import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freePort, startTestBalise, type TestBalise } from '../../support/balise.ts';
import { HttpClient } from '../../support/http-client.ts';
import { demoAccounts } from '../../support/demo-people.ts';

/**
 * A real OpenID provider (oidc-provider 9, the reference Node implementation) on loopback, with
 * its development login and consent pages, and a browser-like cookie jar of its own to click
 * through them. Balise is the relying party, talking to it over real HTTP.
 */

// oidc-provider ships no type declarations; this is the little of its API the test uses.
type ProviderCtor = new (issuer: string, configuration: Record<string, unknown>) => { callback(): http.RequestListener };

interface Claims {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

async function startProvider(port: number, client: { id: string; secret: string; redirectUri: string }, accounts: Map<string, Claims>) {
  const { default: Provider } = (await import('oidc-provider' as string)) as { default: ProviderCtor };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Entra ID and Google Workspace put the e-mail in the ID token, which is all Balise reads;
    // oidc-provider by default keeps it for the userinfo endpoint only.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The person's browser on the provider's side: its own cookies, HTML forms posted as a browser would. */
class ProviderBrowser {
  private cookies = new Map<string, string>();
  pagesSeen: string[] = [];

  async fetch(url: string, init: { method?: string; body?: URLSearchParams } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body?.toString(), redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, ...v] = pair!.split('=');
      if (/expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(k!.trim());
      else this.cookies.set(k!.trim(), v.join('='));
    }
    return res;
  }

  /**
   * Follows redirects and fills the provider's sign-in and consent forms, until the provider
   * sends the browser back to the relying party: returns that URL, not fetched.
   */
  async signInAt(startUrl: string, login: string, returnTo: string): Promise<string> {
    let url = startUrl;
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(returnTo)) return url;
      const res = await this.fetch(url);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      const html = await res.text();
      if (res.status !== 200) throw new Error(`provider answered ${res.status} at ${url}: ${html.slice(0, 500)}`);
      const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
      if (!action) throw new Error(`no form at ${url}: ${html.slice(0, 500)}`);
      const body = new URLSearchParams();
      for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\s*\/?>/g)) body.set(m[1]!, m[2]!);
      this.pagesSeen.push(body.get('prompt') ?? '?');
      if (body.get('prompt') === 'login') {
        body.set('login', login);
        body.set('password', 'peu-importe');
      }
      const posted = await this.fetch(new URL(action.replace(/&amp;/g, '&'), url).href, { method: 'POST', body });
      if (posted.status < 300 || posted.status >= 400) throw new Error(`form post answered ${posted.status}: ${(await posted.text()).slice(0, 500)}`);
      url = new URL(posted.headers.get('location')!, url).href;
    }
    throw new Error('too many hops at the provider');
  }
}

describe.each(dialects)('ORG-3 staff and students sign in through the board’s OpenID provider, on %s', (dialect) => {
  let b: TestBalise;
  let op: Awaited<ReturnType<typeof startProvider>>;
  const accounts = new Map<string, Claims>();
  const client = { id: 'balise-test', secret: randomBytes(32).toString('base64url') };
  let teacher: { id: string; email: string; classIds: string[] };

  beforeAll(async () => {
    // Balise must know the provider's address and the provider Balise's: both ports are picked first.
    const [balisePort, opPort] = [await freePort(), await freePort()];
    b = await startTestBalise(dialect, {
      PORT: String(balisePort),
      PUBLIC_URL: `http://localhost:${balisePort}`,
      OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
      OIDC_CLIENT_ID: client.id,
      OIDC_CLIENT_SECRET: client.secret,
      OIDC_ALLOW_INSECURE_HTTP: 'true',
    });
    expect(b.url).toBe(`http://localhost:${balisePort}`);
    op = await startProvider(opPort, { ...client, redirectUri: `${b.url}/api/auth/oidc/callback` }, accounts);

    const k = b.db.kysely;
    const person = await k.selectFrom('person').select(['id', 'email']).where('username', '=', demoAccounts.teacher).executeTakeFirstOrThrow();
    const roles = await k.selectFrom('role_assignment').select('scope_id').where('person_id', '=', person.id).where('role', '=', 'teacher').execute();
    teacher = { id: person.id, email: person.email!, classIds: roles.map((r) => r.scope_id) };
    accounts.set('sub-gagnon', { email: teacher.email, email_verified: true, name: 'Marie Gagnon' });
    accounts.set('sub-inconnu', { email: 'quelquun@ailleurs.exemple', email_verified: true });
    accounts.set('sub-parent', { email: demoAccounts.guardianEmail, email_verified: true });
    accounts.set('sub-sans-courriel', {});
    accounts.set('sub-non-verifie', { email: teacher.email, email_verified: false });
  }, 60_000);

  afterAll(async () => {
    await b?.close();
    await op?.close();
  });

  /** Starts at Balise, goes through the provider, and returns the callback URL the provider sends back. */
  async function throughProvider(balise: HttpClient, login: string) {
    const start = await balise.get('/api/auth/oidc/start');
    expect(start.status).toBe(302);
    const location = start.headers.get('location')!;
    expect(location.startsWith(`${op.issuer}/`)).toBe(true);
    const browser = new ProviderBrowser();
    const callbackUrl = await browser.signInAt(location, login, `${b.url}/api/auth/oidc/callback`);
    return { authorizeUrl: new URL(location), callbackUrl, browser };
  }

  it('ORG-3 a teacher signs in with the provider (code + PKCE), lands on / with a session, and sees only her group', async () => {
    const balise = new HttpClient(b.url);
    const { authorizeUrl, callbackUrl, browser } = await throughProvider(balise, 'sub-gagnon');
    expect(browser.pagesSeen).toEqual(['login', 'consent']);
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      client_id: client.id,
      response_type: 'code',
      redirect_uri: `${b.url}/api/auth/oidc/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    const state = authorizeUrl.searchParams.get('state')!;
    expect(authorizeUrl.searchParams.get('nonce')).toBeTruthy();
    // The state, nonce and PKCE verifier wait in the database, not in a cookie.
    const pending = await b.db.kysely.selectFrom('oidc_login').selectAll().where('state', '=', state).executeTakeFirstOrThrow();
    expect(pending.code_verifier).not.toBe(authorizeUrl.searchParams.get('code_challenge'));
    expect(new URL(callbackUrl).searchParams.get('code')).toBeTruthy();

    const back = await balise.get(callbackUrl);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/');
    const cookie = back.headers.getSetCookie().find((c) => c.startsWith('balise_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(await b.db.kysely.selectFrom('oidc_login').select('state').where('state', '=', state).execute()).toEqual([]);

    const session = await balise.get('/api/session');
    expect(session.json).toMatchObject({
      signedIn: true,
      person: { id: teacher.id, kind: 'staff', givenName: 'Marie', familyName: 'Gagnon' },
      oidc: { enabled: true },
    });
    const classes = (await balise.get('/api/classes')).json.classGroups as { id: string }[];
    expect(teacher.classIds).toHaveLength(1);
    expect(classes.map((c) => c.id)).toEqual(teacher.classIds);

    const k = b.db.kysely;
    const identity = await k.selectFrom('oidc_identity').selectAll().where('subject', '=', 'sub-gagnon').executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ issuer: op.issuer, person_id: teacher.id });
    const row = await k.selectFrom('session').select('auth_method').where('person_id', '=', teacher.id).where('auth_method', '=', 'oidc').execute();
    expect(row).toHaveLength(1);
    const audited = await k.selectFrom('audit_log').select('details').where('actor_id', '=', teacher.id).where('action', '=', 'auth.sign_in').where('outcome', '=', 'succeeded').execute();
    expect(audited.map((a) => JSON.parse(a.details).method)).toContain('oidc');
  });

  it('SEC-4 a replayed callback (state already used) is refused with 400 and opens no session', async () => {
    const first = new HttpClient(b.url);
    const { callbackUrl } = await throughProvider(first, 'sub-gagnon');
    expect((await first.get(callbackUrl)).status).toBe(302);

    const attacker = new HttpClient(b.url);
    const replay = await attacker.get(callbackUrl);
    expect(replay.status).toBe(400);
    expect(replay.json.error.code).toBe('auth.oidc_failed');
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('balise_session='))).toBe(false);
    expect((await attacker.get('/api/session')).json.signedIn).toBe(false);
  });

  it('SEC-4 an unknown state is refused with 400, before any code exchange', async () => {
    const c = new HttpClient(b.url);
    const res = await c.get(`/api/auth/oidc/callback?code=abc&state=${randomBytes(16).toString('base64url')}&iss=${encodeURIComponent(op.issuer)}`);
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: 'auth.oidc_failed', message: 'La connexion par le fournisseur d’identité a échoué. Réessayez.' });
    expect((await c.get('/api/auth/oidc/callback')).status).toBe(400);
  });

  it('SEC-4 a forged code with a genuine state is refused with 401 auth.oidc_failed', async () => {
    const c = new HttpClient(b.url);
    const start = await c.get('/api/auth/oidc/start');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const res = await c.get(`/api/auth/oidc/callback?code=forged-code&state=${state}&iss=${encodeURIComponent(op.issuer)}`);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('auth.oidc_failed');
    expect((await c.get('/api/session')).json.signedIn).toBe(false);
  });

  it('ORG-3 an identity whose e-mail matches no staff or student is refused with 403 auth.oidc_unknown_person; SEC-1 audited', async () => {
    const c = new HttpClient(b.url);
    const { callbackUrl } = await throughProvider(c, 'sub-inconnu');
    const res = await c.get(callbackUrl);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('auth.oidc_unknown_person');
    expect(res.json.error.message).toMatch(/Adressez-vous à votre école/);
    expect(res.headers.getSetCookie().some((s) => s.startsWith('balise_session='))).toBe(false);
    expect((await c.get('/api/session')).json.signedIn).toBe(false);
    expect(await b.db.kysely.selectFrom('oidc_identity').select('subject').where('subject', '=', 'sub-inconnu').execute()).toEqual([]);
    const failures = await b.db.kysely.selectFrom('audit_log').select('details').where('action', '=', 'auth.sign_in').where('outcome', '=', 'failed').execute();
    expect(failures.map((f) => JSON.parse(f.details))).toContainEqual({ method: 'oidc', reason: 'unknown_person' });
  });

  it('ORG-3 a guardian’s e-mail at the provider opens nothing: guardians use one-time links', async () => {
    const c = new HttpClient(b.url);
    const { callbackUrl } = await throughProvider(c, 'sub-parent');
    const res = await c.get(callbackUrl);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('auth.oidc_unknown_person');
    expect((await c.get('/api/session')).json.signedIn).toBe(false);
  });

  it('ORG-3 an identity with no e-mail at all is refused with 403', async () => {
    const c = new HttpClient(b.url);
    const { callbackUrl } = await throughProvider(c, 'sub-sans-courriel');
    const res = await c.get(callbackUrl);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('auth.oidc_unknown_person');
  });

  it('SEC-4 a teacher’s address that the provider says is unverified opens nothing (no account takeover by e-mail)', async () => {
    const c = new HttpClient(b.url);
    const { callbackUrl } = await throughProvider(c, 'sub-non-verifie');
    const res = await c.get(callbackUrl);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('auth.oidc_unknown_person');
    expect((await c.get('/api/session')).json.signedIn).toBe(false);
    expect(await b.db.kysely.selectFrom('oidc_identity').select('subject').where('subject', '=', 'sub-non-verifie').execute()).toEqual([]);
  });

  it('ORG-3 once linked, the (issuer, subject) pair keeps working when the e-mail at the provider changes', async () => {
    await throughProvider(new HttpClient(b.url), 'sub-gagnon').then(async ({ callbackUrl }) => {
      expect((await new HttpClient(b.url).get(callbackUrl)).status).toBe(302);
    });
    accounts.set('sub-gagnon', { email: 'marie.gagnon@nouveau-domaine.exemple', email_verified: true });
    try {
      const c = new HttpClient(b.url);
      const { callbackUrl } = await throughProvider(c, 'sub-gagnon');
      expect((await c.get(callbackUrl)).status).toBe(302);
      expect((await c.get('/api/session')).json.person.id).toBe(teacher.id);
    } finally {
      accounts.set('sub-gagnon', { email: teacher.email, email_verified: true, name: 'Marie Gagnon' });
    }
  });
});
