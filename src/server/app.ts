import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './app-context.ts';
import { loggerOptions } from './logging.ts';
import { errorAnswers, registerErrorHandling } from './http/error-handler.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerRequestContext } from './access/request-context.ts';
import { registerSessionRoutes } from './auth/session-routes.ts';
import { registerPasswordSignIn } from './auth/sign-in-with-password.ts';
import { registerMagicLink } from './auth/magic-link.ts';
import { registerPasswordLink } from './auth/password-link.ts';
import { registerOidcSignIn } from './auth/oidc-sign-in.ts';
import { registerClassGroupRoutes } from './org/class-group-routes.ts';
import { registerSchoolRoutes } from './org/school-routes.ts';
import { registerStudentRoutes } from './org/student-routes.ts';
import { registerAdminRoutes } from './admin/admin-routes.ts';
import { registerRosterImportRoutes } from './roster/import-roster-route.ts';
import { registerOpsRoutes } from './ops/ops-routes.ts';
import { createMetrics } from './ops/metrics.ts';
import { registerWebRoutes } from './web/web-routes.ts';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../dist/web');

export interface BuiltApp {
  app: FastifyInstance;
  /** Every route with its access declaration, for the authorization matrix and the docs. */
  routes: { method: string; url: string; access: unknown }[];
}

function trustProxySetting(v: string): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^\d+$/.test(v)) return (_address, hop) => hop < Number(v);
  return v.split(',').map((a) => a.trim()).filter(Boolean);
}

export interface BuildOptions {
  logLevel?: string;
  webDir?: string;
  /** Where logs go (standard output by default); tests read them to check redaction. */
  logStream?: NodeJS.WritableStream;
  /** Extra routes added before the app is sealed; tests use it to prove undeclared routes are refused. */
  extraRoutes?: (app: FastifyInstance) => void;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<BuiltApp> {
  const answers = errorAnswers(ctx);
  const app = Fastify({
    logger: { ...loggerOptions(opts.logLevel ?? ctx.config.LOG_LEVEL), ...(opts.logStream ? { stream: opts.logStream } : {}) },
    genReqId: () => randomUUID(),
    // Behind a reverse proxy, the client's address (rate limits, audit "from where") comes from X-Forwarded-For.
    trustProxy: trustProxySetting(ctx.config.TRUST_PROXY),
    bodyLimit: 1024 * 1024,
    // Refusals made before any hook runs (the router's, Node's HTTP parser's) answer like the app's own.
    frameworkErrors: (err, request, reply) => answers.frameworkError(err, request, reply),
    clientErrorHandler: answers.clientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: BuiltApp['routes'] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: r.url, access: r.config?.access });
  });

  await app.register(fastifyCookie);
  registerSecurityHeaders(app, { hsts: ctx.config.COOKIE_SECURE });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Balise API', version: '0.1.0', description: 'Class and family communication under the board’s own privacy rules.' },
    },
    transform: jsonSchemaTransform,
  });

  // Entries still queued are committed before the database is closed.
  app.addHook('onClose', () => ctx.audit.settled());
  registerErrorHandling(app, answers);
  registerRequestContext(app, ctx);

  const metrics = createMetrics();
  registerOpsRoutes(app, ctx, metrics);
  registerSessionRoutes(app, ctx);
  registerPasswordSignIn(app, ctx);
  registerMagicLink(app, ctx);
  registerPasswordLink(app, ctx);
  registerOidcSignIn(app, ctx);
  registerClassGroupRoutes(app, ctx);
  registerSchoolRoutes(app, ctx);
  registerStudentRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  // Uploads are taken by the import routes only: the multipart plugin adds two hooks to every
  // request of its scope, and elsewhere a multipart body is refused as an unsupported type (415).
  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, { limits: { fileSize: 2 * 1024 * 1024 * 1024, files: 20, fields: 10 } });
    registerRosterImportRoutes(uploads, ctx);
  });
  opts.extraRoutes?.(app);
  await registerWebRoutes(app, opts.webDir ?? WEB_DIST);

  await app.ready();
  return { app, routes };
}
