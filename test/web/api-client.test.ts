import { describe, expect, it } from 'vitest';
import { ApiError, buildRequest, createApiClient, rosterErrors, toApiError, type FetchLike } from '../../src/web/api/client.ts';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function recordingFetch(respond: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return respond();
  };
  return { calls, fetch };
}

const headersOf = (init: RequestInit) => init.headers as Record<string, string>;

describe('buildRequest', () => {
  it('reads with the session cookie and no body nor CSRF header', () => {
    const init = buildRequest({}, 'csrf-1');
    expect(init.method).toBe('GET');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBeUndefined();
    expect(headersOf(init)['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(init)['Content-Type']).toBeUndefined();
  });

  it('sends JSON and the CSRF token on POST and DELETE, with {} when there is no body', () => {
    const post = buildRequest({ method: 'POST', json: { reason: 'ordonnance' } }, 'csrf-1');
    expect(headersOf(post)['Content-Type']).toBe('application/json');
    expect(headersOf(post)['X-CSRF-Token']).toBe('csrf-1');
    expect(post.body).toBe('{"reason":"ordonnance"}');

    const del = buildRequest({ method: 'DELETE' }, 'csrf-1');
    expect(headersOf(del)['Content-Type']).toBe('application/json');
    expect(headersOf(del)['X-CSRF-Token']).toBe('csrf-1');
    expect(del.body).toBe('{}');
  });

  it('sends no CSRF header before sign-in', () => {
    const init = buildRequest({ method: 'POST', json: { username: 'a', password: 'b' } }, null);
    expect(headersOf(init)['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(init)['Content-Type']).toBe('application/json');
  });

  it('lets the browser set the multipart Content-Type of an upload', () => {
    const form = new FormData();
    form.append('files', new File(['sourcedId'], 'users.csv', { type: 'text/csv' }));
    const init = buildRequest({ method: 'POST', form }, 'csrf-1');
    expect(init.body).toBe(form);
    expect(headersOf(init)['Content-Type']).toBeUndefined();
    expect(headersOf(init)['X-CSRF-Token']).toBe('csrf-1');
  });
});

describe('toApiError', () => {
  it('keeps the server code, translated message and details', () => {
    const err = toApiError(423, { error: { code: 'auth.locked', message: 'Ce compte est bloqué.', details: { minutes: 15 } } });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(423);
    expect(err.code).toBe('auth.locked');
    expect(err.message).toBe('Ce compte est bloqué.');
    expect(err.details).toEqual({ minutes: 15 });
  });

  it('derives a code from the status when the body is not an API error', () => {
    expect(toApiError(502, undefined).code).toBe('internal');
    expect(toApiError(404, '<html>').code).toBe('not_found');
    expect(toApiError(403, { error: 'nope' }).code).toBe('access.denied');
    expect(toApiError(401, null).code).toBe('auth.required');
    expect(toApiError(502, undefined).message).toBe('');
  });
});

describe('createApiClient', () => {
  it('returns the JSON body of a success and sends the current CSRF token', async () => {
    const { calls, fetch } = recordingFetch(() => jsonResponse(200, { link: { linkId: 'l1', restricted: true } }));
    let token: string | null = 'tok';
    const client = createApiClient({ fetch, csrfToken: () => token });
    await expect(client.restrictLink('l1', 'Ordonnance du tribunal')).resolves.toEqual({ link: { linkId: 'l1', restricted: true } });
    expect(calls[0]!.url).toBe('/api/guardian-links/l1/restriction');
    expect(calls[0]!.init.method).toBe('POST');
    expect(headersOf(calls[0]!.init)['X-CSRF-Token']).toBe('tok');
    token = null;
    await client.liftRestriction('l1', 'Ordonnance levée');
    expect(calls[1]!.init.method).toBe('DELETE');
    // ORG-4 B5: lifting sends its reason.
    expect(JSON.parse(calls[1]!.init.body as string)).toEqual({ reason: 'Ordonnance levée' });
    expect(headersOf(calls[1]!.init)['X-CSRF-Token']).toBeUndefined();
  });

  it('encodes ids in paths', async () => {
    const { calls, fetch } = recordingFetch(() => jsonResponse(200, {}));
    const client = createApiClient({ fetch });
    await client.student('a/b?c');
    expect(calls[0]!.url).toBe('/api/students/a%2Fb%3Fc');
  });

  it('resolves 204 (sign-out) with undefined', async () => {
    const { fetch } = recordingFetch(() => new Response(null, { status: 204 }));
    await expect(createApiClient({ fetch }).logout()).resolves.toBeUndefined();
  });

  it('rejects a refusal with the server code and message', async () => {
    const { fetch } = recordingFetch(() =>
      jsonResponse(401, { error: { code: 'auth.invalid_credentials', message: 'Nom d’utilisateur ou mot de passe incorrect.' } }),
    );
    const error = await createApiClient({ fetch }).login('x', 'y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).code).toBe('auth.invalid_credentials');
    expect((error as ApiError).message).toBe('Nom d’utilisateur ou mot de passe incorrect.');
  });

  it('rejects a 410 used link with auth.link_invalid', async () => {
    const { fetch } = recordingFetch(() => jsonResponse(410, { error: { code: 'auth.link_invalid', message: 'Ce lien n’est plus valide.' } }));
    const error = (await createApiClient({ fetch }).consumeMagicLink('t').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(410);
    expect(error.code).toBe('auth.link_invalid');
  });

  it('turns a non-JSON server failure into an internal error without a message', async () => {
    const { fetch } = recordingFetch(() => new Response('Bad gateway', { status: 502 }));
    const error = (await createApiClient({ fetch }).classes().catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.code).toBe('internal');
    expect(error.message).toBe('');
  });

  it('turns a network failure into status 0 / network', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = (await createApiClient({ fetch }).session().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.code).toBe('network');
  });

  it('lets an abort through untouched', async () => {
    const fetch: FetchLike = async () => {
      throw new DOMException('aborted', 'AbortError');
    };
    const error = (await createApiClient({ fetch }).session().catch((e: unknown) => e)) as Error;
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error.name).toBe('AbortError');
  });

  it('uploads the roster as multipart with field name "files", to the route of its format', async () => {
    const { calls, fetch } = recordingFetch(() => jsonResponse(200, { importRun: { id: 'r1', counts: {} } }));
    const client = createApiClient({ fetch, csrfToken: () => 'tok' });
    await client.importRoster('oneroster', [
      new File(['a'], 'users.csv', { type: 'text/csv' }),
      new File(['b'], 'orgs.csv', { type: 'text/csv' }),
    ]);
    await client.importRoster('csv', [new File(['c'], 'eleves.csv', { type: 'text/csv' })]);
    const body = calls[0]!.init.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((body.getAll('files') as File[]).map((f) => f.name)).toEqual(['users.csv', 'orgs.csv']);
    expect(calls.map((c) => c.url)).toEqual(['/api/admin/imports/oneroster', '/api/admin/imports/csv']);
  });
});

describe('rosterErrors', () => {
  it('reads the error lines of a refused import', () => {
    const err = toApiError(422, {
      error: {
        code: 'roster.invalid',
        message: 'L’importation est refusée.',
        details: { errors: [{ file: 'users.csv', line: 12, code: 'missing_field', message: 'champ manquant' }, { bogus: true }] },
      },
    });
    expect(rosterErrors(err)).toEqual([{ file: 'users.csv', line: 12, code: 'missing_field', message: 'champ manquant' }]);
    expect(rosterErrors(toApiError(500, undefined))).toEqual([]);
  });
});
