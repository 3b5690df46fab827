// Security headers on every Hono response that did not set its own (the viewer sets a full CSP in
// viewer-routes.ts; the raw body route sets a sandbox CSP). API answers carry captured, untrusted
// data: never sniff them into HTML, never cache them, never frame them.
import type { MiddlewareHandler } from 'hono';

const always: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
];

export function securityHeadersMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of always) if (!headers.has(name)) headers.set(name, value);
    const path = c.req.path;
    if ((path.startsWith('/api/') || path === '/metrics') && !headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  };
}
