/**
 * A bare Fastify server with Balise's request layers added one at a time, up to BENCH_LAYERS of
 * them (bench/stack-cost.ts starts one per count). Each layer runs Balise's own code where it
 * has one (logger options, security headers, request context, metrics) and registers the plugins
 * as buildApp does, so the difference between two counts is what that layer costs every request. The route is
 * Balise's smallest: an anonymous `GET /api/session`, declared public.
 * Prints one JSON line `{"url": ...}` once listening; exits when its stdin closes.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { loggerOptions } from '../src/server/logging.ts';
import { registerSecurityHeaders } from '../src/server/http/security-headers.ts';
import { registerRequestContext } from '../src/server/access/request-context.ts';
import { access } from '../src/server/access/route-access.ts';
import { createMetrics, registerRequestMetrics } from '../src/server/ops/metrics.ts';
import type { AppContext } from '../src/server/app-context.ts';
import { STACK_LAYERS } from './stack-layers.ts';

const layers = Number(process.env.BENCH_LAYERS ?? 0);
const has = (name: (typeof STACK_LAYERS)[number]) => STACK_LAYERS.indexOf(name) < layers;

const app = Fastify(has('pino logger (silent) and a request id') ? { logger: loggerOptions('silent'), genReqId: () => randomUUID() } : {});
if (has('cookies (@fastify/cookie)')) await app.register(fastifyCookie);
if (has('security headers')) registerSecurityHeaders(app, { hsts: false });
if (has('rate-limit, OpenAPI and Zod plugins')) {
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, { openapi: { openapi: '3.1.0', info: { title: 'stack cost', version: '0' } }, transform: jsonSchemaTransform });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}
// A signed-out request on a public route reads nothing else of the context (no session cookie,
// so no session lookup; no rule, so no target and no audit).
if (has('request context (locale, session, access rule)')) registerRequestContext(app, { defaultLocale: 'fr', now: () => new Date() } as AppContext);
if (has('Prometheus request metrics')) registerRequestMetrics(app, createMetrics());

app.get('/api/session', { config: { access: access.public('the benchmark route') } }, async (request) => ({
  signedIn: false,
  locale: request.locale ?? 'fr',
  oidc: { enabled: false, label: 'ENT' },
}));

const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: address })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void app.close().then(() => process.exit(0)));
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
