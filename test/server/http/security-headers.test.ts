import { describe, expect, test } from 'vitest';
import { apiSecurityHeaders, securityHeaders } from '../../../src/server/http/security-headers.ts';

describe('SEC-4 security headers, computed once', () => {
  test('a strict Content-Security-Policy: our origin only, no inline code, no framing', () => {
    const csp = securityHeaders({ hsts: false })['content-security-policy']!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  test('the usual hardening headers are there', () => {
    const h = securityHeaders({ hsts: false });
    expect(h).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  test('HSTS only when the site is served over HTTPS (secure cookies)', () => {
    expect(securityHeaders({ hsts: false })['strict-transport-security']).toBeUndefined();
    expect(securityHeaders({ hsts: true })['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
  });

  test('API answers: a policy that allows nothing, no framing, no sniffing, never stored', () => {
    expect(apiSecurityHeaders({ hsts: false })).toEqual({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    });
    expect(apiSecurityHeaders({ hsts: true })['strict-transport-security']).toBe('max-age=15552000; includeSubDomains');
  });
});
