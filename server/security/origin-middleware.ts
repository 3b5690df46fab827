// Cross-site writes. hookscope usually runs on localhost without a token, so any web page the
// developer visits could otherwise POST to http://localhost:8484/api/... (a "simple" request
// needs no CORS preflight: text/plain bodies, form posts) and, say, point a bin's forward URL at
// itself. Browsers send Origin with every cross-origin POST and with every PATCH/PUT/DELETE
// (https://fetch.spec.whatwg.org/#origin-header), and Sec-Fetch-Site on top: a state-changing call
// whose Origin is not the Host it talks to is refused. Non-browser clients (curl, the SDK in Node)
// send no Origin and are unaffected, so `curl -d '{...}'` without a content type keeps working.
import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (origin === 'null' || host === undefined) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

export function originGuard(): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const fetchSite = c.req.header('sec-fetch-site');
    if (fetchSite === 'cross-site' || !sameOrigin(c.req.header('origin'), c.req.header('host'))) {
      return c.json(errorBody('cross_origin', 'cross-site requests may not change anything here'), 403);
    }
    return next();
  };
}
