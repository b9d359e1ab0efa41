import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError } from './api-error.ts';
import { securityHeadersFor } from './security-headers.ts';
import { DatabaseBusyError } from '../../db/sqlite/waiting-sqlite-dialect.ts';
import type { Locale } from '../../domain/legal/legal-profile.ts';
import { pickLocale, translate, type MessageCode } from '../i18n/messages.ts';
import type { AppContext } from '../app-context.ts';

/** What a refusal says: a status, a code with its message's parameters, and details for the page. */
interface Refusal {
  status: number;
  code: MessageCode;
  params?: Record<string, string | number>;
  details?: unknown;
}

type ErrorContext = Pick<AppContext, 'defaultLocale' | 'config'>;

/**
 * Every refusal of the app, whoever raises it — a route, a hook, Fastify's router and body
 * parsers, Node's HTTP parser — in one format, `{ error: { code, message } }`, in the reader's
 * language, with the security headers. Built before Fastify itself: the router's and Node's
 * refusals are options of the server (`frameworkErrors`, `clientErrorHandler`).
 */
export function errorAnswers(ctx: ErrorContext) {
  const headersFor = securityHeadersFor({ hsts: ctx.config.COOKIE_SECURE });

  /** `locale` is the request's (its cookie, else its session, else Accept-Language: request-context.ts). */
  function send(request: FastifyRequest, reply: FastifyReply, refusal: Refusal, locale: Locale = request.locale) {
    const { status, code, params, details } = refusal;
    // A route may have set its own type or caching before failing (a CSV, an immutable asset).
    return reply
      .headers(headersFor(request.url))
      .headers({ 'content-type': 'application/json; charset=utf-8', 'content-language': locale, 'cache-control': 'no-store' })
      .status(status)
      .send({ error: { code, message: translate(code, locale, params), ...(details ? { details } : {}) } });
  }

  return {
    send,
    /** The router's refusals, before any hook has run: an address that cannot be decoded, a parameter too long. */
    frameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
      const cookie = cookieValue(request.headers.cookie, 'balise_lang');
      send(request, reply, frameworkRefusal(err, request), pickLocale(cookie, request.headers['accept-language'], ctx.defaultLocale));
    },
    /** Node's refusals of a request it cannot even read (headers too large, a malformed request line, too slow). */
    clientError(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      if (!socket.writable) return void socket.destroy(err);
      const refusal = clientRefusal(err.code);
      const locale = localeOfRawHead(Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined, ctx.defaultLocale);
      const body = JSON.stringify({ error: { code: refusal.code, message: translate(refusal.code, locale) } });
      const headers = {
        ...headersFor('/api/'),
        'content-type': 'application/json; charset=utf-8',
        'content-language': locale,
        'content-length': String(Buffer.byteLength(body)),
        connection: 'close',
      };
      const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
      socket.end(`HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status]}\r\n${head}\r\n\r\n${body}`);
    },
  };
}

export type ErrorAnswers = ReturnType<typeof errorAnswers>;

export function registerErrorHandling(app: FastifyInstance, answers: ErrorAnswers): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => answers.send(request, reply, refusalOf(err, request)));
  app.setNotFoundHandler((request, reply) => answers.send(request, reply, { status: 404, code: 'not_found' }));
}

function refusalOf(err: FastifyError | ApiError, request: FastifyRequest): Refusal {
  if (err instanceof ApiError) return { status: err.statusCode, code: err.code, params: err.params, details: err.details };
  if (hasZodFastifySchemaValidationErrors(err)) {
    return { status: 400, code: 'invalid_input', details: { issues: err.validation.map((v) => ({ path: v.instancePath, message: v.message })) } };
  }
  if (isMalformedUpload(err, request)) return { status: 400, code: 'upload.malformed' };
  if (err.statusCode === 429) return { status: 429, code: 'rate_limited' };
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, code: 'unsupported_media_type' };
  if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') return { status: 413, code: 'payload_too_large' };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { status: err.statusCode, code: 'invalid_input' };
  if (err instanceof DatabaseBusyError) {
    request.log.warn({ err }, 'database busy');
    return { status: 503, code: 'database.busy' };
  }
  request.log.error({ err }, 'unhandled error');
  return { status: 500, code: 'internal' };
}

function frameworkRefusal(err: FastifyError, request: FastifyRequest): Refusal {
  if (err.code === 'FST_ERR_BAD_URL') return { status: 400, code: 'request.bad_address' };
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return { status: 414, code: 'request.bad_address' };
  request.log.error({ err }, 'unhandled router error');
  return { status: 500, code: 'internal' };
}

function clientRefusal(code: string | undefined): Refusal {
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'request.headers_too_large' };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'request.timeout' };
  return { status: 400, code: 'invalid_input' };
}

/**
 * What the multipart parser (@fastify/busboy) throws for a body it cannot read — no boundary, a
 * boundary longer than it can search for, another boundary than the one announced, a body cut
 * short. They are plain errors without a code: they are told by their words, and only while a
 * multipart body is being read (a failure of ours, such as a full disk, stays a 500).
 */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.|Malformed part header)$/;

function isMalformedUpload(err: FastifyError, request: FastifyRequest): boolean {
  if (err.code === 'FST_MP_PREMATURE_CLOSE') return true;
  return err.code === undefined && typeof request.isMultipart === 'function' && request.isMultipart() && MALFORMED_MULTIPART.test(err.message);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** The reader's language from what Node read of a request it refuses: its cookie, else its Accept-Language. */
function localeOfRawHead(raw: Buffer | undefined, fallback: Locale): Locale {
  const head = raw?.toString('latin1') ?? '';
  const cookie = /^cookie:.*\bbalise_lang=(fr|en)\b/im.exec(head)?.[1];
  const acceptLanguage = /^accept-language:(.*)$/im.exec(head)?.[1];
  return pickLocale(cookie, acceptLanguage, fallback);
}
