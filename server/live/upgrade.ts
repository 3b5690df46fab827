// Routing and refusing WebSocket upgrades before the handshake: a refused upgrade gets a real HTTP
// answer (status + JSON error), never a half-open socket.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { errorBody } from '../errors.js';

export type LiveRoute =
  | { kind: 'bin'; binId: string; after: number | undefined }
  | { kind: 'relay' }
  | { kind: 'refuse'; status: number; code: string; message: string };

const BIN_LIVE = /^\/api\/bins\/([^/]+)\/live\/?$/;

/** Which socket an upgrade request asks for (bin existence is checked by the caller). */
export function routeUpgrade(req: IncomingMessage): LiveRoute {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/v1/socket' || url.pathname === '/v1/socket/') return { kind: 'relay' };
  const m = BIN_LIVE.exec(url.pathname);
  if (!m) return refuse(404, 'not_found', `no WebSocket endpoint at ${url.pathname}`);
  let binId: string;
  try {
    binId = decodeURIComponent(m[1]);
  } catch {
    return refuse(400, 'bad_path', 'the bin id in the path is not valid percent-encoding');
  }
  const afterText = url.searchParams.get('after');
  if (afterText === null || afterText === '') return { kind: 'bin', binId, after: undefined };
  const after = Number(afterText);
  if (!Number.isSafeInteger(after) || after < 0) {
    return refuse(400, 'invalid_query', `after must be a request id (integer >= 0), got "${afterText}"`);
  }
  return { kind: 'bin', binId, after };
}

export function refuse(status: number, code: string, message: string): LiveRoute {
  return { kind: 'refuse', status, code, message };
}

const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' };

/** Answers the upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify(errorBody(code, message));
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** --token protects the live socket: `Authorization: Bearer T` or `?token=T` (browsers cannot set headers on a WebSocket). */
export function tokenAccepted(req: IncomingMessage, token: string | null): boolean {
  if (token === null) return true;
  const header = req.headers.authorization;
  const fromHeader = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  const fromQuery = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
  return [fromHeader, fromQuery].some((given) => given !== undefined && sameText(given, token));
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
