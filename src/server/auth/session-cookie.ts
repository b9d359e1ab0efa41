import type { FastifyReply } from 'fastify';

export const SESSION_COOKIE = 'balise_session';

export function setSessionCookie(reply: FastifyReply, token: string, opts: { secure: boolean; ttlHours: number }) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: opts.secure,
    sameSite: 'lax',
    maxAge: opts.ttlHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}
