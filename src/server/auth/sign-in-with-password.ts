import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { signInRateLimit } from './sign-in-rate-limit.ts';
import { ApiError } from '../http/api-error.ts';
import { findPasswordAccount, recordFailedPassword, recordSuccessfulPassword } from '../../db/auth/credentials.ts';
import { isUnknownLoginLocked, recordFailedUnknownLogin } from '../../db/auth/sign-in-throttle.ts';
import { burnPasswordCheck, verifyPassword } from './password-hash.ts';
import { startSession } from './start-session.ts';
import type { LockoutPolicy } from '../../domain/auth/lockout.ts';
import { DEMO_PASSWORD } from '../../db/demo/seed-demo.ts';
import { boardHoldsRealPeople } from '../../db/demo/demo-data.ts';

const Body = z.object({ username: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export function registerPasswordSignIn(app: FastifyInstance, ctx: AppContext) {
  // The same answer for a locked account and a locked unknown name.
  const lockedOut = () => new ApiError(423, 'auth.locked', { minutes: ctx.config.LOGIN_LOCKOUT_MINUTES });
  const lockout: LockoutPolicy = { maxFailures: ctx.config.LOGIN_MAX_FAILURES, lockMinutes: ctx.config.LOGIN_LOCKOUT_MINUTES };
  app.withTypeProvider<ZodTypeProvider>().post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in with a local account (staff, students)', body: Body },
    config: {
      access: access.public('signing in'),
      rateLimit: signInRateLimit(ctx.config),
    },
    handler: async (request, reply) => {
      const { username, password } = request.body;
      const account = await findPasswordAccount(ctx.db.kysely, username);
      const now = ctx.now();
      if (!account) {
        // Answered exactly as for an account, lockout and timing included: nothing tells whether the name exists.
        if (await isUnknownLoginLocked(ctx.db.kysely, username, now)) {
          await request.audit({ actorId: null, action: 'auth.sign_in', outcome: 'failed', details: { method: 'password', reason: 'unknown_account_locked' } });
          throw lockedOut();
        }
        await burnPasswordCheck(password);
        const { locked } = await recordFailedUnknownLogin(ctx.db.kysely, username, lockout, now);
        await request.audit({ actorId: null, action: 'auth.sign_in', outcome: 'failed', details: { method: 'password', reason: 'unknown_account' } });
        if (locked) throw lockedOut();
        throw new ApiError(401, 'auth.invalid_credentials');
      }
      if (account.lockedUntil && account.lockedUntil > now.toISOString()) {
        await request.audit({ actorId: account.personId, action: 'auth.sign_in', outcome: 'failed', details: { method: 'password', reason: 'locked' } });
        throw lockedOut();
      }
      const matches = await verifyPassword(account.passwordHash, password);
      // ORG-2: the published demo password opens nothing on a board holding real people; refused as a wrong one.
      const demoPasswordRefused = matches && password === DEMO_PASSWORD && (await boardHoldsRealPeople(ctx.db.kysely, ctx.boardId));
      if (!matches || demoPasswordRefused) {
        const { locked } = await recordFailedPassword(ctx.db.kysely, account.personId, lockout, now);
        await request.audit({
          actorId: account.personId,
          action: locked ? 'auth.account_locked' : 'auth.sign_in',
          outcome: 'failed',
          details: { method: 'password', reason: demoPasswordRefused ? 'demo_password_on_real_board' : 'wrong_password' },
        });
        if (locked) throw lockedOut();
        throw new ApiError(401, 'auth.invalid_credentials');
      }
      await recordSuccessfulPassword(ctx.db.kysely, account.personId, now);
      return startSession(ctx, request, reply, account.personId, 'password');
    },
  });
}
