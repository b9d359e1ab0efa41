import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { denied } from '../http/api-error.ts';
import { pingDatabase } from '../../db/database.ts';
import { registerRequestMetrics, type Metrics } from './metrics.ts';

export function registerOpsRoutes(app: FastifyInstance, ctx: AppContext, metrics: Metrics) {
  registerRequestMetrics(app, metrics);
  ctx.audit.onAppend = (n) => metrics.auditAppends.inc(n);

  app.get('/healthz', {
    schema: { tags: ['operations'], summary: 'Liveness and database reachability' },
    config: { access: access.public('load balancers and monitoring probe it') },
    handler: async () => {
      await pingDatabase(ctx.db);
      return { status: 'ok', database: ctx.db.dialect };
    },
  });

  app.get('/metrics', {
    schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: true },
    config: { access: access.public('scraped by Prometheus; guarded by METRICS_TOKEN when set') },
    handler: async (request, reply) => {
      const token = ctx.config.METRICS_TOKEN;
      if (token) {
        const given = Buffer.from((request.headers.authorization ?? '').replace(/^Bearer /, ''));
        const expected = Buffer.from(token);
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw denied();
      }
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  });

  app.get('/api/openapi.json', {
    schema: { hide: true },
    config: { access: access.public('the API description holds no personal information') },
    handler: async () => app.swagger(),
  });
}
