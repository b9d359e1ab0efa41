import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { signInRateLimit } from './sign-in-rate-limit.ts';
import { ApiError } from '../http/api-error.ts';
import { consumeMagicLink } from '../../db/auth/magic-links.ts';
import { LinkRequestBody, LinkToken, sendLinkByEmail } from './send-link-by-email.ts';
import { startSession } from './start-session.ts';
import { magicLinkMail } from './link-mails.ts';

const ConsumeBody = z.object({ token: LinkToken });

export function registerMagicLink(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const k = ctx.db.kysely;

  r.post('/api/auth/magic-link', {
    schema: { tags: ['auth'], summary: 'Ask for a one-time sign-in link by e-mail (guardians)', body: LinkRequestBody },
    config: {
      access: access.public('guardians ask for a sign-in link'),
      rateLimit: signInRateLimit(ctx.config),
    },
    handler: (request, reply) =>
      sendLinkByEmail(ctx, request, reply, request.body.email, {
        purpose: 'sign_in',
        page: '/connexion/lien',
        mail: magicLinkMail,
        action: 'auth.magic_link_requested',
      }),
  });

  r.post('/api/auth/magic-link/consume', {
    schema: { tags: ['auth'], summary: 'Sign in with a one-time link', body: ConsumeBody },
    config: {
      access: access.public('guardians follow their sign-in link'),
      rateLimit: signInRateLimit(ctx.config),
    },
    handler: async (request, reply) => {
      const personId = await consumeMagicLink(k, request.body.token, ctx.now());
      if (!personId) {
        await request.audit({ actorId: null, action: 'auth.sign_in', outcome: 'failed', details: { method: 'magic_link', reason: 'invalid_link' } });
        throw new ApiError(410, 'auth.link_invalid');
      }
      return startSession(ctx, request, reply, personId, 'magic_link');
    },
  });
}
