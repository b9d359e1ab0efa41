import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { access } from '../access/route-access.ts';

/** Serves the built web client; any page path falls back to index.html for client-side routing. */
export async function registerWebRoutes(app: FastifyInstance, webDir: string) {
  const hasBuild = fs.existsSync(path.join(webDir, 'index.html'));
  // Our own cache-control below: the plugin's default (`public, max-age=0`) would replace it.
  await app.register(fastifyStatic, { root: hasBuild ? webDir : process.cwd(), serve: false, cacheControl: false });

  app.get('/assets/*', {
    schema: { hide: true },
    config: { access: access.public('static assets of the web client') },
    handler: (request, reply) => reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(
      path.join('assets', (request.params as { '*': string })['*']),
    ),
  });

  app.get('/favicon.svg', {
    schema: { hide: true },
    config: { access: access.public('site icon') },
    handler: (_request, reply) => reply.sendFile('favicon.svg'),
  });

  app.get('/*', {
    schema: { hide: true },
    config: { access: access.public('the web client shell; data comes from access-checked API routes') },
    handler: (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      if (!hasBuild) return reply.status(503).type('text/plain').send('Web client not built: run `npm run build`.');
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    },
  });
}
