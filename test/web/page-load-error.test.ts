import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/web/api/client.ts';
import { pageLoadError } from '../../src/web/app/useApiData.ts';

describe('B6 what a page makes of a failed load', () => {
  it('B6 a malformed id in the address (400 invalid_input) is not found, not a problem to retry', () => {
    const e = pageLoadError(new ApiError(400, 'invalid_input', 'Certaines informations fournies ne sont pas valides.'));
    expect(e.status).toBe(404);
    expect(e.code).toBe('not_found');
  });

  it('B6 an address the server cannot decode or that is too long is not found either', () => {
    expect(pageLoadError(new ApiError(400, 'request.bad_address', 'x')).status).toBe(404);
    expect(pageLoadError(new ApiError(414, 'request.bad_address', 'x')).status).toBe(404);
  });

  it('B6 other refusals and failures keep what they are', () => {
    for (const [status, code] of [[403, 'access.denied'], [404, 'not_found'], [401, 'auth.required'], [500, 'internal'], [503, 'database.busy'], [400, 'csrf.invalid']] as const) {
      const e = pageLoadError(new ApiError(status, code, 'm'));
      expect([e.status, e.code, e.message]).toEqual([status, code, 'm']);
    }
    const network = pageLoadError(new TypeError('fetch failed'));
    expect([network.status, network.code]).toEqual([0, 'internal']);
  });
});
