/** Balise's request layers, in the order buildApp adds them (bench/stack-cost-server.ts adds the first n). */
export const STACK_LAYERS = [
  'pino logger (silent) and a request id',
  'cookies (@fastify/cookie)',
  'security headers',
  'rate-limit, OpenAPI and Zod plugins',
  'request context (locale, session, access rule)',
  'Prometheus request metrics',
] as const;
