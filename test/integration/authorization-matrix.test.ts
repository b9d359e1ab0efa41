import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { clientFor, demoFixtures, demoRoles, type DemoRole } from '../support/demo-people.ts';
import type { HttpClient } from '../support/http-client.ts';
import { WEB_DIST } from '../../src/server/app.ts';
import { access } from '../../src/server/access/route-access.ts';
import { rules } from '../../src/domain/access/rules.ts';

type Fixtures = Awaited<ReturnType<typeof demoFixtures>>;
/** 'ok' = any 2xx; 'allowed' = passes the access check (anything but 401/403); or an exact status. */
type Expect = 'ok' | 'allowed' | number;
type Row = { label: string; path: (f: Fixtures) => string; body?: unknown; expect: Record<DemoRole, Expect>; fresh?: boolean };

const everyone = (e: Expect): Record<DemoRole, Expect> => Object.fromEntries(demoRoles.map((r) => [r, e])) as Record<DemoRole, Expect>;
const signedIn = (e: Expect): Record<DemoRole, Expect> => ({ ...everyone(e), anonymous: 401 });
const only = (allowed: Partial<Record<DemoRole, Expect>>): Record<DemoRole, Expect> => ({ ...everyone(403), anonymous: 401, ...allowed });
const asset = () => {
  const dir = path.join(WEB_DIST, 'assets');
  return `/assets/${fs.readdirSync(dir).find((f) => f.endsWith('.js'))}`;
};

/**
 * The authorization matrix: every route of the live app, for every demo role. A route that is
 * added without a row here fails the suite, and so does one whose answer changes.
 */
const matrix: Record<string, Row[]> = {
  'GET /healthz': [{ label: 'health', path: () => '/healthz', expect: everyone(200) }],
  'GET /metrics': [{ label: 'metrics', path: () => '/metrics', expect: everyone(200) }],
  'GET /api/openapi.json': [{ label: 'openapi', path: () => '/api/openapi.json', expect: everyone(200) }],
  'GET /api/session': [{ label: 'session', path: () => '/api/session', expect: everyone(200) }],
  'POST /api/auth/login': [{ label: 'wrong password', path: () => '/api/auth/login', body: { username: 'nobody', password: 'x' }, expect: everyone(401) }],
  'POST /api/auth/magic-link': [{ label: 'unknown address', path: () => '/api/auth/magic-link', body: { email: 'personne@exemple.ca' }, expect: everyone(202) }],
  'POST /api/auth/magic-link/consume': [{ label: 'bad token', path: () => '/api/auth/magic-link/consume', body: { token: 'x'.repeat(43) }, expect: everyone(410) }],
  'POST /api/auth/password-link': [{ label: 'unknown address', path: () => '/api/auth/password-link', body: { email: 'personne@exemple.ca' }, expect: everyone(202) }],
  'POST /api/auth/password-link/consume': [
    { label: 'bad token', path: () => '/api/auth/password-link/consume', body: { token: 'x'.repeat(43), password: 'une phrase assez longue' }, expect: everyone(410) },
  ],
  'GET /api/auth/oidc/start': [{ label: 'not configured', path: () => '/api/auth/oidc/start', expect: everyone(404) }],
  'GET /api/auth/oidc/callback': [{ label: 'not configured', path: () => '/api/auth/oidc/callback?state=x&code=y', expect: everyone(404) }],
  'POST /api/auth/logout': [{ label: 'own session', path: () => '/api/auth/logout', expect: signedIn(204), fresh: true }],
  'GET /api/classes': [{ label: 'own scope list', path: () => '/api/classes', expect: signedIn(200) }],
  'GET /api/classes/:id': [
    { label: 'the teacher’s class (Bleuets)', path: (f) => `/api/classes/${f.ownClassId}`, expect: only({ directorGeneral: 200, privacyOfficer: 200, principal: 200, teacher: 200 }) },
    { label: 'a class of another school', path: (f) => `/api/classes/${f.otherSchoolClassId}`, expect: only({ directorGeneral: 200, privacyOfficer: 200 }) },
  ],
  'GET /api/schools': [{ label: 'own scope list', path: () => '/api/schools', expect: signedIn(200) }],
  'GET /api/schools/:id': [
    { label: 'Bleuets', path: (f) => `/api/schools/${f.bleuetsId}`, expect: only({ directorGeneral: 200, privacyOfficer: 200, principal: 200 }) },
    { label: 'Lac', path: (f) => `/api/schools/${f.lacId}`, expect: only({ directorGeneral: 200, privacyOfficer: 200 }) },
  ],
  'GET /api/children': [{ label: 'own children', path: () => '/api/children', expect: signedIn(200) }],
  'GET /api/students/:id': [
    { label: 'Léa (own child, own class, herself)', path: (f) => `/api/students/${f.studentSelfId}`, expect: only({ directorGeneral: 200, privacyOfficer: 200, principal: 200, teacher: 200, guardian: 200, student: 200 }) },
    { label: 'ORG-4 the restricted child', path: (f) => `/api/students/${f.restrictedChildId}`, expect: only({ directorGeneral: 200, privacyOfficer: 200 }) },
  ],
  'POST /api/guardian-links/:linkId/restriction': [
    { label: 'restrict another guardian of Léa', path: (f) => `/api/guardian-links/${f.otherGuardianLinkId}/restriction`, body: { reason: 'Ordonnance de garde' }, expect: only({ directorGeneral: 200, privacyOfficer: 200, principal: 200 }) },
  ],
  'DELETE /api/guardian-links/:linkId/restriction': [
    { label: 'lift it', path: (f) => `/api/guardian-links/${f.otherGuardianLinkId}/restriction`, body: { reason: 'Ordonnance levée' }, expect: only({ directorGeneral: 200, privacyOfficer: 200, principal: 200 }) },
  ],
  'GET /api/admin/board': [{ label: 'board administration', path: () => '/api/admin/board', expect: only({ directorGeneral: 200, privacyOfficer: 200 }) }],
  'POST /api/admin/audit/verify': [{ label: 'verify', path: () => '/api/admin/audit/verify', expect: only({ directorGeneral: 200, privacyOfficer: 200 }) }],
  'POST /api/admin/imports/oneroster': [{ label: 'import (no files)', path: () => '/api/admin/imports/oneroster', expect: only({ privacyOfficer: 'allowed' }) }],
  'POST /api/admin/imports/csv': [{ label: 'plain CSV import (no file)', path: () => '/api/admin/imports/csv', expect: only({ privacyOfficer: 'allowed' }) }],
  'GET /api/admin/imports/csv/template': [{ label: 'plain CSV template', path: () => '/api/admin/imports/csv/template', expect: only({ privacyOfficer: 200 }) }],
  'GET /api/admin/imports/:id': [
    { label: 'B8 an import run (none by this id)', path: () => '/api/admin/imports/7d0c8b5e-0000-4000-8000-000000000000', expect: only({ privacyOfficer: 404 }) },
  ],
  'GET /assets/*': [{ label: 'a script of the web client', path: asset, expect: everyone(200) }],
  'GET /favicon.svg': [{ label: 'icon', path: () => '/favicon.svg', expect: everyone(200) }],
  'GET /*': [{ label: 'a page of the web client', path: () => '/connexion', expect: everyone(200) }],
};

function matches(status: number, e: Expect) {
  if (e === 'ok') return status >= 200 && status < 300;
  if (e === 'allowed') return status !== 401 && status !== 403;
  return status === e;
}

describe.each(dialects)('authorization matrix on %s (every route × every demo role)', (dialect) => {
  let balise: TestBalise;
  let f: Fixtures;
  const clients = new Map<DemoRole, HttpClient>();

  beforeAll(async () => {
    // The matrix signs in once per role under one unknown name: lockout (tested in auth/password) must not trip.
    balise = await startTestBalise(dialect, { LOGIN_MAX_FAILURES: '50' });
    f = await demoFixtures(balise.db.kysely);
    for (const role of demoRoles) clients.set(role, await clientFor(role, balise.url, balise.db.kysely));
  }, 120_000);
  afterAll(async () => balise?.close());

  it('every live route declares its access and has a row in the matrix', () => {
    const live = balise.routes.map((r) => `${r.method} ${r.url}`);
    const undeclared = balise.routes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    expect(live.filter((r) => !(r in matrix))).toEqual([]);
    expect(Object.keys(matrix).filter((r) => !live.includes(r))).toEqual([]);
  });

  it('answers every role as declared, and writes each refusal to the audit log', async () => {
    const failures: string[] = [];
    for (const [route, rows] of Object.entries(matrix)) {
      const method = route.split(' ')[0]!;
      for (const row of rows) {
        for (const role of demoRoles) {
          const client = row.fresh ? await clientFor(role, balise.url, balise.db.kysely) : clients.get(role)!;
          const url = row.path(f);
          const res = await client.request(method, url, method === 'GET' ? undefined : (row.body ?? {}));
          const expected = row.expect[role];
          if (!matches(res.status, expected)) failures.push(`${route} [${row.label}] as ${role}: got ${res.status}, expected ${expected}`);
          if (res.status === 403 && role !== 'anonymous') {
            const me = (await client.get('/api/session')).json.person.id as string;
            const logged = await balise.db.kysely
              .selectFrom('audit_log')
              .select('seq')
              .where('actor_id', '=', me)
              .where('outcome', '=', 'denied')
              .where('details', 'like', `%${route.split(' ')[1]}%`)
              .executeTakeFirst();
            if (!logged) failures.push(`${route} [${row.label}] as ${role}: 403 without an audit entry`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('a route added without an access declaration is refused (default deny) and the refusal is audited', async () => {
    const extra = await startTestBalise(dialect, {}, {
      extraRoutes: (app) => app.get('/api/forgotten', async () => ({ secret: 'personal information' })),
    });
    try {
      const teacher = await clientFor('teacher', extra.url, extra.db.kysely);
      const res = await teacher.get('/api/forgotten');
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe('access.denied');
      expect(res.text).not.toContain('personal information');
      const row = await extra.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'access.undeclared_route').executeTakeFirst();
      expect(row?.outcome).toBe('denied');
    } finally {
      await extra.close();
    }
  }, 60_000);

  it('A2 a route that names a rule but whose handler never checks it answers nothing (500), so no route can skip its rule', async () => {
    const extra = await startTestBalise(dialect, {}, {
      extraRoutes: (app) =>
        app.get('/api/unchecked', { config: { access: access.rule(rules.readClassGroup) } }, async () => ({ secret: 'personal information' })),
    });
    try {
      const teacher = await clientFor('teacher', extra.url, extra.db.kysely);
      const res = await teacher.get('/api/unchecked');
      expect(res.status).toBe(500);
      expect(res.json.error.code).toBe('internal');
      expect(res.text).not.toContain('personal information');
    } finally {
      await extra.close();
    }
  }, 60_000);
});
