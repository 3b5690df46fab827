// Passthrough forwarding (issue 17): a bin with `forward: { url, mode: 'passthrough' }` relays each
// captured request to `url` AFTER it is committed and answers the sender with the app's status, headers
// and body, so soketi or sockudo sees your app's real answer and its retries run against it. No answer
// in `timeoutMs` is 504 upstream_timeout, any other failure 502 upstream_failed. Both legs are stored:
// the request as usual, the app's answer in `deliveries` (the detail's `forwarded`), and what the sender
// got as the request's `response`, published live as `{ type: 'answered' }`.
import type { ServerResponse } from 'node:http';
import type { ForwardRecord, ResponseRecord } from '../../core/wire.js';
import type { Context } from '../context.js';
import { errorBody } from '../errors.js';
import { DEFAULT_TIMEOUT_MS, deliver, type DeliveryResult, type OutboundRequest } from '../replay/outbound.js';
import type { ForwardSettings } from '../store/bin-record.js';
import type { BinRecord, PassthroughRecord, StoredDelivery } from '../store/index.js';
import { encodeBody } from '../store/request-row.js';
import { MAX_HOPS, nextHop } from './hops.js';

/** Stored with the request until the app answered. */
export const PENDING_PASSTHROUGH: ResponseRecord = { status: 0, passthrough: true };

/** Headers of the app's answer that describe its connection, not the message (RFC 9110 7.6.1); framing is recomputed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'proxy-connection']);
const noBody = (status: number): boolean => status < 200 || status === 204 || status === 304;

/** A stored delivery as the request detail shows it (`forwarded`): the app's answer as text or base64. */
export function forwardView(d: StoredDelivery | null): ForwardRecord | null {
  if (d === null) return null;
  const { answer, ...rec } = d;
  return answer === undefined ? rec : { ...rec, response: { rawHeaders: answer.rawHeaders, ...encodeBody(answer.body) } };
}

/** The passthrough settings when this request is relayed: a running script step still answers itself. */
export function passthroughOf(bin: BinRecord, scripted: boolean): ForwardSettings | null {
  const forward = bin.settings.forward;
  return forward !== null && forward.mode === 'passthrough' && !scripted ? forward : null;
}

function answerBody(r: DeliveryResult & { ok: true }): Buffer {
  return Buffer.from(r.body, r.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

function sendFailure(res: ServerResponse, status: number, code: string, message: string, id: number): void {
  const text = JSON.stringify({ ...errorBody(code, message), id });
  res.writeHead(status, ['Content-Type', 'application/json; charset=utf-8', 'X-Hookscope-Request-Id', String(id), 'Content-Length', String(Buffer.byteLength(text))]);
  res.end(text);
}

function sendAppAnswer(res: ServerResponse, r: DeliveryResult & { ok: true }, body: Buffer, id: number): void {
  const headers: string[] = [];
  for (let i = 0; i < r.rawHeaders.length; i += 2) {
    const lower = r.rawHeaders[i].toLowerCase();
    if (!HOP_BY_HOP.has(lower) && lower !== 'x-hookscope-request-id') headers.push(r.rawHeaders[i], r.rawHeaders[i + 1]);
  }
  headers.push('X-Hookscope-Request-Id', String(id));
  if (!noBody(r.status)) headers.push('Content-Length', String(body.length));
  res.writeHead(r.status, headers);
  res.end(noBody(r.status) ? undefined : body);
}

/** Relays the committed request `id` and answers `res` with what the app answered. Never throws. */
export function relayPassthrough(ctx: Context, res: ServerResponse, bin: BinRecord, forward: ForwardSettings, id: number, request: OutboundRequest): void {
  const out = nextHop(request);
  const url = forward.url;
  const finish = (rec: Omit<PassthroughRecord, 'url' | 'at' | 'response'>, sent: number): void => {
    const response: ResponseRecord = { status: sent, passthrough: true };
    // The store announces it (`answered`). A closed database (hookscope stopping) records nothing.
    ctx.store.deliveries.recordPassthrough(bin.id, id, { ...rec, url, at: ctx.now(), response }).catch(() => undefined);
  };
  if (out === null) {
    const message = `not relayed: already forwarded ${MAX_HOPS} times (X-Hookscope-Forwarded), a loop?`;
    if (!res.destroyed) sendFailure(res, 502, 'upstream_failed', message, id);
    return finish({ status: null, durationMs: null, error: message, answer: null }, 502);
  }
  const timeoutMs = forward.timeoutMs ?? ctx.config.deliveryTimeout ?? DEFAULT_TIMEOUT_MS;
  void deliver(new URL(url), out, { timeoutMs, maxResponseBytes: ctx.config.maxBody }).then((r) => {
    if (!r.ok || r.truncated) {
      const [status, code] = r.ok ? [502, 'upstream_failed'] : r.code === 'timeout' ? [504, 'upstream_timeout'] : [502, 'upstream_failed'];
      const error = r.ok ? `the app's answer is over --max-body (${ctx.config.maxBody} bytes)` : r.message;
      if (!res.destroyed) sendFailure(res, status, code, `${new URL(url).origin}: ${error}`, id);
      const answer = r.ok ? { rawHeaders: r.rawHeaders, body: answerBody(r) } : null;
      return finish({ status: r.ok ? r.status : null, durationMs: r.durationMs, error, answer }, status);
    }
    const body = answerBody(r);
    if (!res.destroyed) sendAppAnswer(res, r, body, id);
    finish({ status: r.status, durationMs: r.durationMs, error: null, answer: { rawHeaders: r.rawHeaders, body } }, r.status);
  });
}
