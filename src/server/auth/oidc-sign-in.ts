import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { AppContext } from '../app-context.ts';
import { access } from '../access/route-access.ts';
import { signInRateLimit } from './sign-in-rate-limit.ts';
import { ApiError } from '../http/api-error.ts';
import { startSession } from './start-session.ts';
import { normalizeLogin } from '../../domain/people/login-name.ts';
import { findPersonByOidcIdentity, findStaffOrStudentByEmail, linkOidcIdentity, saveOidcLogin, takeOidcLogin } from '../../db/auth/oidc.ts';
import type { OidcLoginTable } from '../../db/schema.ts';

const LOGIN_TTL_MS = 10 * 60_000;

/**
 * Sign-in through the board's identity provider (Entra ID, Google Workspace...) for staff and
 * students: authorization code with PKCE, state and nonce kept in the database so any instance
 * can finish a sign-in another one started.
 */
export function registerOidcSignIn(app: FastifyInstance, ctx: AppContext) {
  const k = ctx.db.kysely;
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    const oidc = ctx.config.oidc;
    if (!oidc) throw new ApiError(404, 'auth.oidc_unavailable');
    discovered ??= client
      .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, {
        execute: oidc.allowInsecureHttp ? [client.allowInsecureRequests] : [],
      })
      .catch((err) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };
  const redirectUri = `${ctx.config.publicUrl}/api/auth/oidc/callback`;

  app.get('/api/auth/oidc/start', {
    schema: { tags: ['auth'], summary: 'Start sign-in with the board’s identity provider' },
    config: { access: access.public('signing in'), rateLimit: signInRateLimit(ctx.config) },
    handler: redirectBrowsersOnError(async (request, reply) => {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const now = ctx.now();
      const expiresAt = new Date(now.getTime() + LOGIN_TTL_MS).toISOString();
      await saveOidcLogin(k, { state, nonce, code_verifier: codeVerifier, locale: request.locale, created_at: now.toISOString(), expires_at: expiresAt }, now);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return reply.redirect(url.href);
    }),
  });

  app.get('/api/auth/oidc/callback', {
    schema: { tags: ['auth'], summary: 'Return from the identity provider' },
    config: { access: access.public('signing in'), rateLimit: signInRateLimit(ctx.config) },
    handler: redirectBrowsersOnError(async (request, reply) => {
      const config = await configuration();
      const current = new URL(request.url, ctx.config.publicUrl);
      const state = current.searchParams.get('state') ?? '';
      const login = await takeOidcLogin(k, state, ctx.now());
      if (!login) throw new ApiError(400, 'auth.oidc_failed');
      const claims = await exchangeCode(config, current, login, request);
      if (!claims) {
        await request.audit({ actorId: null, action: 'auth.sign_in', outcome: 'failed', details: { method: 'oidc', reason: 'exchange_failed' } });
        throw new ApiError(401, 'auth.oidc_failed');
      }
      const personId = await findOidcPerson(ctx, claims);
      if (!personId) {
        await request.audit({ actorId: null, action: 'auth.sign_in', outcome: 'failed', details: { method: 'oidc', reason: 'unknown_person' } });
        throw new ApiError(403, 'auth.oidc_unknown_person');
      }
      await startSession(ctx, request, reply, personId, 'oidc');
      return reply.redirect('/');
    }),
  });
}

/** The provider's claims for this code, with the e-mail from userinfo when needed; undefined if the exchange fails. */
async function exchangeCode(config: client.Configuration, current: URL, login: OidcLoginTable, request: FastifyRequest): Promise<client.IDToken | undefined> {
  try {
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
    });
    const claims = tokens.claims();
    // Providers that follow OIDC Core 5.4 send scope-requested claims (email) from userinfo only.
    if (claims && typeof claims.email !== 'string' && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      return { ...claims, email: info.email, email_verified: info.email_verified, preferred_username: claims.preferred_username ?? info.preferred_username };
    }
    return claims;
  } catch (err) {
    request.log.warn({ err: (err as Error).message }, 'oidc code exchange failed');
    return undefined;
  }
}

/**
 * A person arrives here by a browser redirect: on failure they go back to the sign-in page, which
 * explains the code in their language. API clients still get the JSON error.
 */
function redirectBrowsersOnError(handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      return await handler(request, reply);
    } catch (err) {
      if (err instanceof ApiError && (request.headers.accept ?? '').includes('text/html')) {
        return reply.redirect(`/connexion?erreur=${encodeURIComponent(err.code)}`);
      }
      throw err;
    }
  };
}

/** A known (issuer, subject) pair first; otherwise an active staff or student person with the same e-mail. */
async function findOidcPerson(ctx: AppContext, claims: client.IDToken): Promise<string | null> {
  const k = ctx.db.kysely;
  const linked = await findPersonByOidcIdentity(k, claims.iss, claims.sub);
  if (linked) return linked;
  const email = [claims.email, claims.preferred_username, claims.upn].find((v): v is string => typeof v === 'string' && v.includes('@'));
  if (!email || claims.email_verified === false) return null; // an address the provider says it has not verified proves nothing
  const personId = await findStaffOrStudentByEmail(k, normalizeLogin(email));
  if (!personId) return null;
  await linkOidcIdentity(k, { issuer: claims.iss, subject: claims.sub, personId, at: ctx.now() });
  return personId;
}
