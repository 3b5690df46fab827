// Sends a stored request on to a URL the user chose, with node's http/https client (not fetch) so
// header names keep their case and order and the body goes out byte for byte. Every failure comes back
// as a value: a target that is down, slow or unknown never throws into the caller.
import { type ClientRequest, type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { encodeBody } from '../store/request-row.js';

export interface OutboundRequest {
  method: string;
  /** Flat [name, value, ...] as received. */
  rawHeaders: readonly string[];
  body: Uint8Array;
}

export interface DeliveryOptions {
  /** Whole exchange, connect to last response byte (default 10 s). */
  timeoutMs?: number;
  /** Response body bytes kept (default 1 MiB); the rest is not read. */
  maxResponseBytes?: number;
  /** Aborts the exchange (server shutting down); reported as request_failed. */
  signal?: AbortSignal;
  /**
   * 'forward' (default): the stored headers minus hop-by-hop, Host and Content-Length set for the target
   * (outboundHeaders). 'exact': `rawHeaders` go out as given, Host and Content-Length included, and node
   * adds nothing, not even a Connection header (server/send plays broadcast servers with them).
   */
  headers?: 'forward' | 'exact';
}

export interface Delivered {
  ok: true;
  status: number;
  headers: Record<string, string>;
  rawHeaders: string[];
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  truncated: boolean;
  durationMs: number;
}

export interface DeliveryFailed {
  ok: false;
  code: 'timeout' | 'connection_refused' | 'dns_failed' | 'connection_reset' | 'request_failed';
  message: string;
  durationMs: number;
}

export type DeliveryResult = Delivered | DeliveryFailed;

export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE = 1024 * 1024;

/** Hop-by-hop and framing headers: they describe the original connection, not the message (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length', 'expect']);
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/**
 * The headers to send: the stored ones in order and case, minus hop-by-hop (and any the Connection
 * header named), with Host set to the target and Content-Length recomputed where they stood.
 */
export function outboundHeaders(req: OutboundRequest, target: URL): string[] {
  const raw = req.rawHeaders;
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') for (const n of raw[i + 1].split(',')) named.add(n.trim().toLowerCase());
  }
  const needsLength = req.body.byteLength > 0 || !BODYLESS.has(req.method.toUpperCase());
  const out: string[] = [];
  let host = false;
  let length = !needsLength;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (lower === 'host' && !host) (out.push(raw[i], target.host), (host = true));
    else if ((lower === 'content-length' || lower === 'transfer-encoding') && !length) {
      out.push('Content-Length', String(req.body.byteLength));
      length = true;
    } else if (!HOP_BY_HOP.has(lower) && !lower.startsWith('proxy-') && !named.has(lower)) out.push(raw[i], raw[i + 1]);
  }
  if (!host) out.unshift('Host', target.host);
  if (!length) out.push('Content-Length', String(req.body.byteLength));
  return out;
}

function failure(err: NodeJS.ErrnoException, timedOut: boolean, timeoutMs: number, started: number): DeliveryFailed {
  const durationMs = Math.round(performance.now() - started);
  if (timedOut) return { ok: false, code: 'timeout', message: `no complete answer within ${timeoutMs} ms`, durationMs };
  const detail = err.code ? `${err.code}: ${err.message}` : err.message;
  if (err.code === 'ECONNREFUSED') return { ok: false, code: 'connection_refused', message: `connection refused (${detail})`, durationMs };
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return { ok: false, code: 'dns_failed', message: `DNS lookup failed (${detail})`, durationMs };
  if (err.code === 'ECONNRESET') return { ok: false, code: 'connection_reset', message: `connection reset (${detail})`, durationMs };
  return { ok: false, code: 'request_failed', message: detail, durationMs };
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * The headers exactly as listed (a repeated name goes out as consecutive lines at its first place). With
 * no Connection header listed, removeHeader stops node from adding its own `Connection: close`.
 */
function setExactHeaders(out: ClientRequest, raw: readonly string[]): void {
  const grouped = new Map<string, [string, string[]]>();
  for (let i = 0; i < raw.length; i += 2) {
    const seen = grouped.get(raw[i].toLowerCase());
    if (seen) seen[1].push(raw[i + 1]);
    else grouped.set(raw[i].toLowerCase(), [raw[i], [raw[i + 1]]]);
  }
  for (const [name, values] of grouped.values()) out.setHeader(name, values.length === 1 ? values[0] : values);
  if (!grouped.has('connection')) out.removeHeader('connection');
}

/** Sends `req` to `url` (http or https only; the caller validated it). Never rejects. */
export function deliver(url: URL, req: OutboundRequest, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  const started = performance.now();
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    let abort = (): void => {};
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: DeliveryResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', abort);
      resolve(result);
    };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return finish({ ok: false, code: 'request_failed', message: `unsupported protocol ${url.protocol}`, durationMs: 0 });
    }
    // A flat header array keeps order and case; node then adds neither Host nor framing headers itself.
    const exact = opts.headers === 'exact';
    const options: RequestOptions = { method: req.method, setHost: false, agent: false, ...(!exact && { headers: outboundHeaders(req, url) }) };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let out: ReturnType<typeof send>;
    try {
      out = send(url, options, onResponse);
      if (exact) setExactHeaders(out, req.rawHeaders);
    } catch (err) {
      // Synchronous refusals, e.g. a header value with a control character.
      return finish(failure(err as NodeJS.ErrnoException, false, timeoutMs, started));
    }
    function onResponse(res: IncomingMessage): void {
      const chunks: Buffer[] = [];
      let kept = 0;
      let truncated = false;
      const done = (): void => {
        const body = Buffer.concat(chunks, kept);
        const status = res.statusCode ?? 0;
        const durationMs = Math.round(performance.now() - started);
        finish({ ok: true, status, headers: flatHeaders(res), rawHeaders: res.rawHeaders, ...encodeBody(body), truncated, durationMs });
      };
      res.on('data', (chunk: Buffer) => {
        const room = maxBytes - kept;
        if (chunk.length > room) {
          truncated = true;
          chunks.push(chunk.subarray(0, room));
          kept += room;
          res.destroy();
          return done();
        }
        chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('end', done);
      res.on('error', (err) => finish(failure(err, timedOut, timeoutMs, started)));
      // Cut mid-body (timeout, reset): 'close' without 'end'. After 'end' this is a no-op.
      res.on('close', () => finish(failure(new Error('connection closed before the answer was complete'), timedOut, timeoutMs, started)));
    }
    timer = setTimeout(() => {
      timedOut = true;
      out.destroy(new Error('timeout'));
    }, timeoutMs);
    out.on('error', (err: NodeJS.ErrnoException) => finish(failure(err, timedOut, timeoutMs, started)));
    abort = (): void => void out.destroy(new Error('aborted: hookscope is stopping'));
    if (opts.signal?.aborted) abort();
    else opts.signal?.addEventListener('abort', abort, { once: true });
    out.end(req.body);
  });
}
