import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestBalise, type TestBalise } from '../support/balise.ts';
import { DEMO_PASSWORD, demoAccounts, demoFixtures } from '../support/demo-people.ts';
import { apiSecurityHeaders, securityHeaders } from '../../src/server/http/security-headers.ts';
import { access } from '../../src/server/access/route-access.ts';
import { ApiError } from '../../src/server/http/api-error.ts';

/**
 * SEC-4 B6: every refusal — the app's, the router's, the body parsers', Node's — answers in the
 * app's format `{ error: { code, message } }`, with its security headers, in the reader's language.
 */

type Answer = { status: number; headers: Headers; json: any; text: string };

async function send(url: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(new URL(path, url), { redirect: 'manual', ...init });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** The headers of an /api/ answer (or of a page), as security-headers.ts sets them. */
function expectSecurityHeaders(res: { headers: Headers }, kind: 'api' | 'page' = 'api') {
  const expected = kind === 'api' ? apiSecurityHeaders({ hsts: false }) : securityHeaders({ hsts: false });
  for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), name).toBe(value);
}

function expectRefusal(res: Answer, status: number, code: string, message: RegExp | string) {
  expect(res.status).toBe(status);
  expect(res.json?.error?.code, res.text).toBe(code);
  if (typeof message === 'string') expect(res.json.error.message).toBe(message);
  else expect(res.json.error.message).toMatch(message);
}

/** A session opened through the sign-in route, as a browser would; `headers` go with the sign-in only. */
async function signIn(url: string, username: string, headers: Record<string, string> = {}) {
  const res = await fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** Writes bytes on a fresh connection and reads everything the server sends back before closing it. */
function rawExchange(url: string, bytes: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (received += d));
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

function parseRaw(text: string) {
  const [head, body] = text.split('\r\n\r\n') as [string, string];
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = new Headers(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
  return { status: Number(statusLine!.split(' ')[1]), headers, json: JSON.parse(body), text };
}

describe('SEC-4 B6 refusals before and around the routes (HTTP only, on sqlite)', () => {
  let b: TestBalise;
  beforeAll(async () => {
    b = await startTestBalise('sqlite');
  }, 60_000);
  afterAll(async () => b?.close());

  it('SEC-4 B6 an address that cannot be decoded answers 400 in the app’s format, with its security headers, in the reader’s language', async () => {
    const api = await send(b.url, '/api/classes/%E0%A4%A', { headers: { cookie: 'balise_lang=en' } });
    expectRefusal(api, 400, 'request.bad_address', 'This address is not valid. Check it, or go back to the home page.');
    expectSecurityHeaders(api);
    expect(api.headers.get('content-language')).toBe('en');
    const page = await send(b.url, '/classes/%E0%A4%A');
    expectRefusal(page, 400, 'request.bad_address', /Cette adresse n’est pas valide/);
    expectSecurityHeaders(page, 'page');
  });

  it('SEC-4 B6 a path parameter over the router’s length limit answers in the app’s format, with its security headers', async () => {
    const long = 'a'.repeat(150);
    const post = await send(b.url, `/api/guardian-links/${long}/restriction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en-CA,en;q=0.8' },
      body: '{}',
    });
    expectRefusal(post, 414, 'request.bad_address', /^This address is not valid/);
    expectSecurityHeaders(post);
    const get = await send(b.url, `/api/classes/${long}`);
    expectRefusal(get, 404, 'not_found', 'Cette page ou cette ressource est introuvable.');
    expectSecurityHeaders(get);
  });

  it('SEC-4 B6 headers larger than Node accepts answer 431 in the app’s format, with its security headers, in the reader’s language', async () => {
    const res = await send(b.url, '/api/session', { headers: { cookie: 'balise_lang=en', 'x-filler': 'a'.repeat(20_000) } });
    expectRefusal(res, 431, 'request.headers_too_large', /^The request sent by your browser is too large/);
    expectSecurityHeaders(res);
    const french = await send(b.url, '/api/session', { headers: { 'x-filler': 'a'.repeat(20_000) } });
    expectRefusal(french, 431, 'request.headers_too_large', /^La demande envoyée par votre navigateur est trop volumineuse/);
  });

  it('SEC-4 B6 a request Node cannot parse answers 400 in the app’s format, with its security headers', async () => {
    const res = parseRaw(await rawExchange(b.url, 'GET /api/session HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\nAccept-Language: en\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: 'invalid_input', message: 'Some of the information provided is not valid.' });
    expectSecurityHeaders(res);
  });

  it('SEC-4 B6 an invalid JSON body answers 400 invalid_input, with its security headers, in the reader’s language', async () => {
    const res = await send(b.url, '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'balise_lang=en' },
      body: '{"username": "x", ',
    });
    expectRefusal(res, 400, 'invalid_input', 'Some of the information provided is not valid.');
    expectSecurityHeaders(res);
    expect(res.headers.get('content-language')).toBe('en');
  });

  it('SEC-4 B6 a body of a type no route reads answers 415 in the app’s format, with its security headers, in the reader’s language', async () => {
    const res = await send(b.url, '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/xml', 'accept-language': 'en' },
      body: '<login/>',
    });
    expectRefusal(res, 415, 'unsupported_media_type', 'Unsupported request format.');
    expectSecurityHeaders(res);
  });

  it('SEC-4 B6 an address no route answers is a 404 in the reader’s language (cookie first, then Accept-Language, then the board’s)', async () => {
    const byCookie = await send(b.url, '/api/nothing-here', { method: 'POST', headers: { cookie: 'balise_lang=en', 'accept-language': 'fr' } });
    expectRefusal(byCookie, 404, 'not_found', 'This page or resource cannot be found.');
    expectSecurityHeaders(byCookie);
    const byHeader = await send(b.url, '/api/nothing-here', { method: 'DELETE', headers: { 'accept-language': 'en-GB' } });
    expectRefusal(byHeader, 404, 'not_found', 'This page or resource cannot be found.');
    const byBoard = await send(b.url, '/api/nothing-here');
    expectRefusal(byBoard, 404, 'not_found', 'Cette page ou cette ressource est introuvable.');
  });
});

/** A multipart body as a client would send it, with the Content-Type it chooses. */
const MALFORMED_UPLOADS: { name: string; contentType: string; body: string }[] = [
  { name: 'no boundary', contentType: 'multipart/form-data', body: 'ecole,groupe\r\n' },
  {
    name: 'another boundary than the one announced',
    contentType: 'multipart/form-data; boundary=announced',
    body: '--other\r\nContent-Disposition: form-data; name="files"; filename="eleves.csv"\r\n\r\necole,groupe\r\n--other--\r\n',
  },
  {
    name: 'a body cut short in a file',
    contentType: 'multipart/form-data; boundary=cut',
    body: '--cut\r\nContent-Disposition: form-data; name="files"; filename="eleves.csv"\r\nContent-Type: text/csv\r\n\r\necole,groupe\r\nBleuets,',
  },
  { name: 'a body cut short in a part’s headers', contentType: 'multipart/form-data; boundary=cut', body: '--cut\r\nContent-Disposition: form-da' },
  { name: 'a boundary too long to search for', contentType: `multipart/form-data; boundary=${'b'.repeat(300)}`, body: 'x' },
];

describe.each(dialects)('SEC-4 B6 refusals that involve the database, on %s', (dialect) => {
  let b: TestBalise;
  beforeAll(async () => {
    b = await startTestBalise(dialect, {}, {
      extraRoutes: (app) =>
        app
          .get('/api/test/failure', { config: { access: access.public('test: an unexpected failure') } }, async () => {
            throw new Error('something unexpected');
          })
          // A refusal with parameters and details, as the roster import's 422 (whose route first refuses a demo board).
          .get('/api/test/refused-roster', { config: { access: access.public('test: a refused roster') } }, async () => {
            throw new ApiError(422, 'roster.invalid', { count: 3 }, { errors: [] });
          }),
    });
  }, 60_000);
  afterAll(async () => b?.close());

  const importRuns = async () => Number((await b.db.kysely.selectFrom('import_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  for (const upload of MALFORMED_UPLOADS) {
    it(`SEC-4 B6 a malformed upload (${upload.name}) to either import route is a 400 with a code and a message, and nothing is written`, async () => {
      const po = await signIn(b.url, demoAccounts.privacyOfficer);
      const before = await importRuns();
      for (const route of ['/api/admin/imports/oneroster', '/api/admin/imports/csv']) {
        const res = await send(b.url, route, { method: 'POST', headers: { ...po, 'content-type': upload.contentType }, body: upload.body });
        expectRefusal(res, 400, 'upload.malformed', /^Le fichier n’a pas été reçu en entier ou son envoi est mal formé/);
        expectSecurityHeaders(res);
      }
      expect(await importRuns()).toBe(before);
    });
  }

  it('SEC-4 B6 a malformed upload is refused in the reader’s language', async () => {
    const po = await signIn(b.url, demoAccounts.privacyOfficer, { 'accept-language': 'en' });
    const res = await send(b.url, '/api/admin/imports/csv', { method: 'POST', headers: { ...po, 'content-type': 'multipart/form-data' }, body: 'x' });
    expectRefusal(res, 400, 'upload.malformed', 'The file was not received in full, or the upload is malformed. Nothing was saved: please send it again.');
  });

  it('SEC-4 B6 with a session opened in English and no other hint, 400, 403, 404, 422 and 500 all answer in English', async () => {
    const f = await demoFixtures(b.db.kysely);
    const teacher = await signIn(b.url, demoAccounts.teacher, { 'accept-language': 'en' });
    const json = { ...teacher, 'content-type': 'application/json' };
    const invalidId = await send(b.url, '/api/classes/not-a-uuid', { headers: teacher });
    expectRefusal(invalidId, 400, 'invalid_input', 'Some of the information provided is not valid.');
    const invalidJson = await send(b.url, `/api/guardian-links/${f.otherGuardianLinkId}/restriction`, { method: 'POST', headers: json, body: '{"reason":' });
    expectRefusal(invalidJson, 400, 'invalid_input', 'Some of the information provided is not valid.');
    const denied = await send(b.url, `/api/classes/${f.otherSchoolClassId}`, { headers: teacher });
    expectRefusal(denied, 403, 'access.denied', 'You do not have access to this information.');
    const unknownClass = await send(b.url, '/api/classes/00000000-0000-4000-8000-000000000000', { headers: teacher });
    expectRefusal(unknownClass, 404, 'not_found', 'This page or resource cannot be found.');
    const unknownRoute = await send(b.url, '/api/nothing-here', { method: 'POST', headers: json, body: '{}' });
    expectRefusal(unknownRoute, 404, 'not_found', 'This page or resource cannot be found.');
    const refused = await send(b.url, '/api/test/refused-roster', { headers: teacher });
    expectRefusal(refused, 422, 'roster.invalid', 'The import was refused: 3 line(s) to fix. Nothing was saved.');
    expect(refused.json.error.details).toEqual({ errors: [] });
    const failure = await send(b.url, '/api/test/failure', { headers: teacher });
    expectRefusal(failure, 500, 'internal', 'An unexpected error occurred. Please try again later.');
    expectSecurityHeaders(failure);
    // The language chosen on the page (its cookie) comes before the session's.
    const chosen = await send(b.url, '/api/classes/not-a-uuid', { headers: { ...teacher, cookie: `${teacher.cookie}; balise_lang=fr` } });
    expectRefusal(chosen, 400, 'invalid_input', 'Certaines informations fournies ne sont pas valides.');
  });
});
