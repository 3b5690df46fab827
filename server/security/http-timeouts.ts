// Slow or stuck clients (slowloris, a chunked body that never ends) cannot hold a connection
// forever: node answers 408 and closes after headersTimeout / requestTimeout. Node checks these
// every connectionsCheckingInterval ms (https://nodejs.org/docs/latest-v20.x/api/http.html#httpcreateserveroptions-requestlistener),
// so tests that shrink the timeouts shrink the interval too.
import type { Server, ServerOptions } from 'node:http';

export interface HttpTimeouts {
  headers: number;
  request: number;
  keepAlive: number;
  checkInterval: number;
}

export const httpTimeoutDefaults: HttpTimeouts = { headers: 15_000, request: 60_000, keepAlive: 5_000, checkInterval: 1_000 };

export function httpServerOptions(t: Partial<HttpTimeouts> = {}): ServerOptions {
  return { connectionsCheckingInterval: t.checkInterval ?? httpTimeoutDefaults.checkInterval };
}

export function applyHttpTimeouts(server: Server, t: Partial<HttpTimeouts> = {}): void {
  const v = { ...httpTimeoutDefaults, ...t };
  server.headersTimeout = v.headers;
  server.requestTimeout = v.request;
  server.keepAliveTimeout = v.keepAlive;
}
