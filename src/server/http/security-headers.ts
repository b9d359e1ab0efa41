import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The Content-Security-Policy: our own origin only, no inline script or style, no framing. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The security headers helmet would set, computed once. Helmet rebuilds every header on every
 * response (it allows per-request directives); ours never change, so each response just gets a
 * copy of the same values.
 */
export function securityHeaders(opts: { hsts: boolean }): Record<string, string> {
  const options: HelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: opts.hsts ? { maxAge: 15552000, includeSubDomains: true } : false,
  };
  const headers: Record<string, string> = {};
  const collector = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as never, collector as never, (err?: unknown) => void (failure = err));
  if (failure) throw failure;
  return headers;
}

/**
 * The headers of an `/api/` answer (OWASP REST Security): JSON is never a document, so its
 * policy allows nothing at all; it is never framed, sniffed or read by another site; and it
 * carries children's names, guardians and class lists, so no browser, proxy or shared family
 * computer may keep a copy (`no-store`). The document-only headers of a page are left out.
 */
export function apiSecurityHeaders(opts: { hsts: boolean }): Record<string, string> {
  const page = securityHeaders(opts);
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': page['referrer-policy']!,
    'cross-origin-resource-policy': page['cross-origin-resource-policy']!,
    'cache-control': 'no-store',
    ...(page['strict-transport-security'] ? { 'strict-transport-security': page['strict-transport-security'] } : {}),
  };
}

/** The headers of an answer to `url`: an API answer's, or a page's. */
export type HeadersForUrl = (url: string) => Record<string, string>;

export function securityHeadersFor(opts: { hsts: boolean }): HeadersForUrl {
  const pageHeaders = securityHeaders(opts);
  const apiHeaders = apiSecurityHeaders(opts);
  return (url) => (url.startsWith('/api/') ? apiHeaders : pageHeaders);
}

/**
 * Set first thing on every request, so that every answer, a refusal included, carries them.
 * Pages and their hashed assets set their own caching (web-routes.ts).
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: { hsts: boolean }): void {
  const headersFor = securityHeadersFor(opts);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headersFor(request.url));
    done();
  });
}
