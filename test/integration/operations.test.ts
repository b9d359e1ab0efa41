import { execFile } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures, DEMO_PASSWORD } from '../support/demo-people.ts';
import { HttpClient } from '../support/http-client.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/balise.mjs');

describe.each(dialects)('operations on %s', (dialect) => {
  let b: TestBalise;
  const logs: string[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk) => logs.push(String(chunk)));
    b = await startTestBalise(dialect, { LOG_LEVEL: 'info' }, { logStream: stream });
  }, 60_000);
  afterAll(async () => b?.close());

  it('GET /healthz names the database engine', async () => {
    const res = await new HttpClient(b.url).get('/healthz');
    expect(res.json).toEqual({ status: 'ok', database: dialect });
  });

  it('GET /metrics serves request counts, latencies and audit appends in Prometheus format', async () => {
    const f = await demoFixtures(b.db.kysely);
    const teacher = await clientFor('teacher', b.url, b.db.kysely);
    const anon = new HttpClient(b.url);
    const appendsBefore = Number(/^balise_audit_appends_total (\d+)/m.exec((await anon.get('/metrics')).text)?.[1] ?? 0);
    await teacher.get(`/api/classes/${f.ownClassId}`);
    const res = await anon.get('/metrics');
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.text).toMatch(/balise_http_requests_total\{method="GET",route="\/api\/classes\/:id",status="200"\} 1/);
    expect(res.text).toMatch(/balise_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/classes\/:id"\}/);
    const appendsAfter = Number(/^balise_audit_appends_total (\d+)/m.exec(res.text)?.[1]);
    expect(appendsAfter).toBe(appendsBefore + 1);
  });

  it('the OpenAPI document is generated from the route schemas', async () => {
    const doc = (await new HttpClient(b.url).get('/api/openapi.json')).json;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/classes/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    const login = doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
    expect(login.required).toEqual(['username', 'password']);
  });

  it('logs carry no password, e-mail address, cookie, query string or address', async () => {
    const c = new HttpClient(b.url);
    await c.post('/api/auth/login', { username: 'enseignante.gagnon', password: DEMO_PASSWORD });
    await c.get('/api/session?jeton=secret-in-query');
    await new HttpClient(b.url).post('/api/auth/magic-link', { email: 'parent.demo@exemple.ca' });
    await new Promise((r) => setTimeout(r, 100));
    const text = logs.join('');
    expect(text).toContain('/api/auth/login');
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(text).not.toContain('parent.demo@exemple.ca');
    expect(text).not.toContain('balise_session=');
    expect(text).not.toContain('secret-in-query');
    expect(text).not.toMatch(/remoteAddress|"ip"|user-agent/i);
  });
});

describe('start-up configuration', () => {
  it('a wrong value stops start-up with a message naming the variable', async () => {
    const err = await run(process.execPath, [BIN, 'serve'], { env: { ...process.env, PORT: 'trois-mille' } }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(String(err.stderr)).toMatch(/PORT:/);
    const db = await run(process.execPath, [BIN, 'serve'], { env: { ...process.env, DATABASE_URL: 'mysql://x' } }).catch((e) => e);
    expect(db.code).toBe(2);
    expect(String(db.stderr)).toMatch(/DATABASE_URL:/);
  }, 30_000);
});

describe('behind a reverse proxy', () => {
  it('with TRUST_PROXY the audit log records the client address from X-Forwarded-For, not the proxy', async () => {
    const b = await startTestBalise('sqlite', { TRUST_PROXY: '127.0.0.1' });
    try {
      const c = new HttpClient(b.url, { 'x-forwarded-for': '203.0.113.7' });
      await c.signIn('enseignante.gagnon', DEMO_PASSWORD);
      const row = await b.db.kysely.selectFrom('audit_log').select('ip').where('action', '=', 'auth.sign_in').orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(row.ip).toBe('203.0.113.7');
    } finally {
      await b.close();
    }
  }, 30_000);
});

describe('sign-in with the identity provider when it is not configured', () => {
  it('a browser is sent back to the sign-in page with the reason; an API client gets the JSON error', async () => {
    const b = await startTestBalise('sqlite');
    try {
      const browser = await new HttpClient(b.url, { accept: 'text/html,application/xhtml+xml' }).get('/api/auth/oidc/start');
      expect(browser.status).toBe(302);
      expect(browser.headers.get('location')).toBe('/connexion?erreur=auth.oidc_unavailable');
      const api = await new HttpClient(b.url).get('/api/auth/oidc/start');
      expect(api.status).toBe(404);
      expect(api.json.error.code).toBe('auth.oidc_unavailable');
    } finally {
      await b.close();
    }
  }, 30_000);
});
