// Guards every Hono route when --token is set. Open without it: /healthz (probes), /login (the way
// in) and /favicon.svg. Capture (/h/*) never reaches Hono (start.ts), so senders are never asked.
// API and /metrics callers get 401 JSON; a browser asking for a page is sent to the login form.
import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../errors.js';
import { credentialsAccepted } from './token.js';

const OPEN = new Set(['/healthz', '/login', '/logout', '/favicon.svg']);

export function requireToken(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (token === null || token === '' || OPEN.has(c.req.path)) return next();
    const given = { authorization: c.req.header('authorization'), cookie: c.req.header('cookie') };
    if (credentialsAccepted(given, token)) return next();
    const path = c.req.path;
    const wantsPage = c.req.method === 'GET' && !path.startsWith('/api/') && path !== '/metrics'
      && (c.req.header('accept') ?? '').includes('text/html');
    if (wantsPage) return c.redirect(`/login?next=${encodeURIComponent(path)}`, 302);
    c.header('WWW-Authenticate', 'Bearer realm="hookscope"');
    return c.json(errorBody('unauthorized', 'this server needs --token: send Authorization: Bearer T (or log in at /login)'), 401);
  };
}
