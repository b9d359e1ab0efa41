import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { endSession } from '../../db/auth/sessions.ts';
import { clearSessionCookie } from './session-cookie.ts';
import { sessionPayload } from './session-payload.ts';
import { Session } from '../../api/session.ts';

export function registerSessionRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/session', {
    schema: { tags: ['auth'], summary: 'Who is signed in on this browser, if anyone, and what they may do', response: { 200: Session } },
    config: { access: access.public('tells the sign-in page whether a session exists') },
    handler: async (request) => sessionPayload(ctx, request, request.session, request.actor),
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out' },
    config: { access: access.signedIn('ends the caller’s own session') },
    handler: async (request, reply) => {
      if (request.session) await endSession(ctx.db.kysely, request.session.id);
      await request.audit({ action: 'auth.sign_out', outcome: 'succeeded' });
      clearSessionCookie(reply, ctx.config.COOKIE_SECURE);
      return reply.status(204).send();
    },
  });
}
