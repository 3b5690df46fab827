// --token: who may use the API, the viewer and the live sockets. Capture URLs (/h/*) and /healthz
// stay open to senders. A caller proves it knows the token with `Authorization: Bearer T`, with the
// session cookie that POST /login sets, or (WebSocket upgrades only: browsers cannot set headers on
// a WebSocket) with `?token=T`.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'hookscope_session';

/**
 * Constant-time comparison. Both sides are hashed first so neither the content nor the length of
 * the token leaks through timing (timingSafeEqual alone needs equal lengths).
 */
export function sameSecret(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** The cookie holds a value derived from the token, not the token itself. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('hookscope-session-v1').digest('base64url');
}

export function bearerToken(authorization: string | null | undefined): string | undefined {
  if (!authorization) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1] : undefined;
}

export function cookieValue(cookieHeader: string | null | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface Credentials {
  authorization?: string | null;
  cookie?: string | null;
  queryToken?: string | null;
}

/** True when no token is configured, or one of the credentials matches it. */
export function credentialsAccepted(given: Credentials, token: string | null): boolean {
  if (token === null || token === '') return true;
  const bearer = bearerToken(given.authorization);
  if (bearer !== undefined && sameSecret(bearer, token)) return true;
  const session = cookieValue(given.cookie, SESSION_COOKIE);
  if (session !== undefined && sameSecret(session, sessionValue(token))) return true;
  const query = given.queryToken;
  return query !== undefined && query !== null && sameSecret(query, token);
}

/** For WebSocket upgrades: Bearer header, session cookie or `?token=`. */
export function isAuthorized(req: IncomingMessage, config: { token: string | null }): boolean {
  if (config.token === null || config.token === '') return true;
  let queryToken: string | null = null;
  try {
    queryToken = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
  } catch {
    queryToken = null;
  }
  return credentialsAccepted({ authorization: req.headers.authorization, cookie: req.headers.cookie, queryToken }, config.token);
}
