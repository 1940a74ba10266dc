import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedSession } from '@duban/auth';

/** The refresh token's cookie: sent only to the auth routes, never readable by a page's scripts. */
export const REFRESH_COOKIE = 'duban_refresh';
const COOKIE_PATH = '/api/v1/auth';

/**
 * `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page makes the browser send it) and
 * `Secure` when the request came over TLS: the protocol Fastify reports, which is `X-Forwarded-Proto` of
 * a proxy named in TRUST_PROXY and the plain `http` of a direct connection (`npm start` on localhost).
 */
export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, issued: IssuedSession): void {
  if (issued.refreshToken === null) return;
  reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
    httpOnly: true,
    secure: request.protocol === 'https',
    sameSite: 'strict',
    path: COOKIE_PATH,
    expires: issued.refreshExpiresAt,
  });
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: request.protocol === 'https', sameSite: 'strict', path: COOKIE_PATH });
}

export const refreshCookieOf = (request: FastifyRequest): string | undefined => request.cookies?.[REFRESH_COOKIE];
