import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError } from './api-error.ts';
import { DatabaseBusyError } from '../../db/sqlite/waiting-sqlite-dialect.ts';
import { translate, type MessageCode } from '../i18n/messages.ts';

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    const locale = request.locale ?? 'fr';
    const send = (status: number, code: MessageCode, params?: Record<string, string | number>, details?: unknown) =>
      reply.status(status).send({ error: { code, message: translate(code, locale, params), ...(details ? { details } : {}) } });

    if (err instanceof ApiError) return send(err.statusCode, err.code, err.params, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      return send(400, 'invalid_input', {}, {
        issues: err.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    if (err.statusCode === 429) return send(429, 'rate_limited');
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, 'unsupported_media_type');
    if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') return send(413, 'payload_too_large');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(err.statusCode, 'invalid_input');
    if (err instanceof DatabaseBusyError) {
      request.log.warn({ err }, 'database busy');
      return send(503, 'database.busy');
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, 'internal');
  });

  app.setNotFoundHandler((request, reply) => {
    const locale = request.locale ?? 'fr';
    reply.status(404).send({ error: { code: 'not_found', message: translate('not_found', locale) } });
  });
}
