// WebSocket upgrades are not covered by CORS: any page may open ws://localhost:8484/... and a
// browser sends the page's Origin. Refuse a cross-site Origin (cross-site WebSocket hijacking) and
// a non-loopback Host on a loopback server without --token (DNS rebinding, host-check.ts).
// Non-browser clients (the relay clients, `hookscope forward`) send no Origin.
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config.js';
import { hostAllowed, hostMessage } from './host-check.js';
import { sameOrigin } from './origin-middleware.js';

export interface UpgradeRefusal {
  code: string;
  message: string;
}

export function upgradeRefusal(req: IncomingMessage, config: Pick<Config, 'host' | 'token' | 'publicUrl'>): UpgradeRefusal | null {
  const host = req.headers.host;
  if (!hostAllowed(host, config)) return { code: 'host_not_allowed', message: hostMessage(host) };
  if (!sameOrigin(req.headers.origin, host)) return { code: 'cross_origin', message: 'cross-site WebSocket connections are refused' };
  return null;
}
