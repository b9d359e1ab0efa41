import type { FastifyInstance } from 'fastify';
import client from 'prom-client';

/** One registry per app so tests can run several instances in one process. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'balise_' });
  return {
    registry,
    requests: new client.Counter({
      name: 'balise_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    duration: new client.Histogram({
      name: 'balise_http_request_duration_seconds',
      help: 'HTTP request latency by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    auditAppends: new client.Counter({
      name: 'balise_audit_appends_total',
      help: 'Audit log entries committed',
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

type Counter = ReturnType<Metrics['requests']['labels']>;
type Histogram = ReturnType<Metrics['duration']['labels']>;

/** Counts every answer and its latency by method, route and status. */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): void {
  // The labelled series, looked up once per method × route × status rather than on every response.
  const series = new Map<string, { count: Counter; latency: Histogram }>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let s = series.get(key);
    if (!s) {
      s = {
        count: metrics.requests.labels({ method: request.method, route, status: String(reply.statusCode) }),
        latency: metrics.duration.labels({ method: request.method, route }),
      };
      series.set(key, s);
    }
    s.count.inc();
    s.latency.observe(reply.elapsedTime / 1000);
    done();
  });
}
