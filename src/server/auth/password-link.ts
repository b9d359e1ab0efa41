import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { signInRateLimit } from './sign-in-rate-limit.ts';
import { ApiError } from '../http/api-error.ts';
import { consumeMagicLink } from '../../db/auth/magic-links.ts';
import { findLoginNames, setPassword } from '../../db/auth/credentials.ts';
import { endSessionsOf } from '../../db/auth/sessions.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from '../../domain/auth/password-policy.ts';
import { hashPassword } from './password-hash.ts';
import { passwordLinkMail } from './link-mails.ts';
import { LinkRequestBody, LinkToken, sendLinkByEmail } from './send-link-by-email.ts';
import { startSession } from './start-session.ts';
import { DEMO_PASSWORD } from '../../db/demo/seed-demo.ts';

const SetBody = z.object({ token: LinkToken, password: z.string().max(MAX_PASSWORD_LENGTH * 4) });

const REFUSAL = {
  too_short: 'auth.password_too_short',
  too_long: 'auth.password_too_long',
  same_as_login: 'auth.password_same_as_login',
} as const satisfies Record<PasswordProblem, string>;
const refuse = (problem: PasswordProblem) => new ApiError(400, REFUSAL[problem], { min: MIN_PASSWORD_LENGTH });

/**
 * Local accounts (ORG-3) for people an import created without a password: a staff member or a
 * student asks for a link by e-mail (first access or forgotten password), follows it and chooses
 * a password, and is signed in. Guardians have no password: they are sent nothing here.
 */
export function registerPasswordLink(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const k = ctx.db.kysely;
  const rateLimit = signInRateLimit(ctx.config);

  r.post('/api/auth/password-link', {
    schema: { tags: ['auth'], summary: 'Ask for a link by e-mail to choose a password (staff, students)', body: LinkRequestBody },
    config: { access: access.public('staff and students ask for a link to choose a password'), rateLimit },
    handler: (request, reply) =>
      sendLinkByEmail(ctx, request, reply, request.body.email, {
        purpose: 'set_password',
        page: '/connexion/mot-de-passe',
        mail: passwordLinkMail,
        action: 'auth.password_link_requested',
      }),
  });

  r.post('/api/auth/password-link/consume', {
    schema: { tags: ['auth'], summary: 'Choose a password with a link received by e-mail, and sign in', body: SetBody },
    config: { access: access.public('staff and students follow their link to choose a password'), rateLimit },
    handler: async (request, reply) => {
      const { token, password } = request.body;
      // What can be told without knowing whose link it is, before the slow hash.
      const early = passwordProblem(password, []);
      if (early) throw refuse(early);
      // ORG-2: the demo password is published in the README; nobody may make it theirs.
      if (password === DEMO_PASSWORD) throw new ApiError(400, 'auth.password_is_demo');
      // Hashed before the transaction: argon2id takes a while, and the link is only spent on success.
      const passwordHash = await hashPassword(password);
      const now = ctx.now();
      const outcome = await k.transaction().execute(async (trx) => {
        const personId = await consumeMagicLink(trx, token, now, 'set_password');
        if (!personId) return null;
        const person = await findLoginNames(trx, personId);
        const problem = passwordProblem(password, [person.username, person.email]);
        // Rolls the transaction back, so the link can still be used with a better password.
        if (problem) throw refuse(problem);
        await setPassword(trx, personId, passwordHash, now);
        await endSessionsOf(trx, personId);
        return { personId };
      });
      if (!outcome) {
        await request.audit({ actorId: null, action: 'auth.password_set', outcome: 'failed', details: { reason: 'invalid_link' } });
        throw new ApiError(410, 'auth.link_invalid');
      }
      await request.audit({ actorId: outcome.personId, action: 'auth.password_set', outcome: 'succeeded' });
      return startSession(ctx, request, reply, outcome.personId, 'password');
    },
  });
}
