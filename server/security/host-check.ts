// DNS rebinding: a web page on evil.example can make its own name resolve to 127.0.0.1 and then
// read http://evil.example:8484/api/... as same-origin. Browsers still send `Host: evil.example`, so
// a server that only listens on loopback and has no --token answers only to loopback names (plus
// the --public-url host). With --token, or bound to another interface, the check is off: the token
// protects, and on a LAN the names are the user's. Same idea as Vite's server.allowedHosts.
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import { errorBody } from '../errors.js';

type HostConfig = Pick<Config, 'host' | 'token' | 'publicUrl'>;

const isLoopbackName = (name: string): boolean =>
  name === 'localhost' || name.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === '[::1]' || name === '::1';

function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function hostCheckActive(config: HostConfig): boolean {
  return !config.token && isLoopbackName(config.host.toLowerCase());
}

export function hostAllowed(hostHeader: string | undefined, config: HostConfig): boolean {
  if (!hostCheckActive(config) || hostHeader === undefined || hostHeader === '') return true;
  const name = hostnameOf(hostHeader);
  if (isLoopbackName(name)) return true;
  if (!config.publicUrl) return false;
  try {
    return new URL(config.publicUrl).hostname.toLowerCase() === name;
  } catch {
    return false;
  }
}

export function hostMessage(hostHeader: string | undefined): string {
  return `Host "${hostHeader ?? ''}" is not allowed: this server listens on loopback without --token; ` +
    'start it with --public-url set to that address, or with --token';
}

export function hostGuard(config: HostConfig): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.path === '/healthz' || hostAllowed(c.req.header('host'), config)) return next();
    return c.json(errorBody('host_not_allowed', hostMessage(c.req.header('host'))), 403);
  };
}
