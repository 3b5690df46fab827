// ANY /h/:bin and /h/:bin/*: raw node:http on purpose. Hono's Request wrapping and header copying
// cost more than the database on this path (design.md, "Measured on a prototype"); rawHeaders keeps
// arrival order, original case and duplicates for free.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue } from '../../core/raw-headers.js';
import type { RequestSummary, ResponseRecord } from '../../core/wire.js';
import { binForCapture } from '../bin-service.js';
import type { Context } from '../context.js';
import { errorBody } from '../errors.js';
import { storageFullMessage } from '../health/index.js';
import { sendAnswer } from '../respond/answer.js';
import type { ResponsePlan } from '../respond/plan.js';
import { createResponder, type Responder } from '../respond/decide.js';
import { statusFromPath } from '../respond/plan.js';
import { PENDING_PASSTHROUGH, passthroughOf, relayPassthrough } from '../forward/passthrough.js';
import { BinGoneError, type BinRecord } from '../store/index.js';
import { type BodyResult, readBody } from './read-body.js';

export type CaptureHandler = (req: IncomingMessage, res: ServerResponse) => void;


/**
 * hookscope_http_errors_total{source="capture"} counts answers >= 400 once they are sent (scripted ones
 * too). Only those pay for a 'finish' listener: the 2xx hot path adds none.
 */
function countWhenSent(ctx: Context, res: ServerResponse): void {
  res.once('finish', () => ctx.metrics?.inc('hookscope_http_errors_total', { source: 'capture', code: res.statusCode }));
}

function sendJson(ctx: Context, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  countWhenSent(ctx, res);
  ctx.lifecycle?.closeAfter(res);
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Access-Control-Allow-Origin': '*',
    ...headers,
  });
  res.end(text);
}

export function createCaptureHandler(ctx: Context): CaptureHandler {
  const responder = createResponder();
  return (req, res) => {
    try {
      capture(ctx, responder, req, res);
    } catch (err) {
      failed(ctx, res, err as Error);
    }
  };
}

function failed(ctx: Context, res: ServerResponse, err: Error): void {
  // A storage fault: from the writer it is a StorageError already, from creating the bin the engine's own.
  const storage = err instanceof BinGoneError ? null : ctx.health?.observe(err) ?? null;
  if (err instanceof BinGoneError) sendJson(ctx, res, 404, errorBody('bin_not_found', err.message), { Connection: 'close' });
  else if (storage && !res.headersSent) {
    res.statusMessage = '';
    sendJson(ctx, res, 507, errorBody('storage_full', storageFullMessage(storage)), { 'Retry-After': '1' });
  } else if (!res.headersSent) {
    // A writeHead that threw has already set statusMessage ("OK" of the 200 it tried): let the 500 say its own.
    res.statusMessage = '';
    sendJson(ctx, res, 500, errorBody('capture_failed', err.message));
  }
  else res.destroy();
}

// Callbacks from here to the answer, no promises: these run once per captured request.

/**
 * A step's callback: an error, or a throw of `next` (which would take the process down from an event
 * handler), becomes the capture's failure answer.
 */
function step<T>(ctx: Context, res: ServerResponse, next: (value: T) => void): (err: Error | null, value?: T) => void {
  return (err, value) => {
    if (err) return failed(ctx, res, err);
    try {
      next(value as T);
    } catch (e) {
      failed(ctx, res, e as Error);
    }
  };
}
function capture(ctx: Context, responder: Responder, req: IncomingMessage, res: ServerResponse): void {
  const receivedAt = ctx.now();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const slash = path.indexOf('/', 3);
  let binId: string;
  try {
    binId = decodeURIComponent(path.slice(3, slash === -1 ? undefined : slash));
  } catch {
    return sendJson(ctx, res, 400, errorBody('bad_path', 'the bin id in the path is not valid percent-encoding'));
  }
  const found = binForCapture(ctx, binId);
  const at = { receivedAt, path, query: q === -1 ? '' : url.slice(q + 1) };
  if (found === undefined || !('then' in found)) return withBin(ctx, responder, req, res, binId, found, at);
  // A first use of a name: the bin is being created (the store may be remote).
  found.then((bin) => withBin(ctx, responder, req, res, binId, bin, at), (err: Error) => failed(ctx, res, err));
}

function withBin(
  ctx: Context,
  responder: Responder,
  req: IncomingMessage,
  res: ServerResponse,
  binId: string,
  bin: BinRecord | undefined,
  at: { receivedAt: number; path: string; query: string },
): void {
  if (!bin) return sendJson(ctx, res, 404, errorBody('bin_not_found', `no bin "${binId}"`), { Connection: 'close' });
  readBody(req, ctx.config.maxBody, step(ctx, res, (read: BodyResult) => store(ctx, responder, req, res, bin, at, read)));
}

function store(
  ctx: Context,
  responder: Responder,
  req: IncomingMessage,
  res: ServerResponse,
  bin: BinRecord,
  at: { receivedAt: number; path: string; query: string },
  { body, size, truncated }: BodyResult,
): void {
  const rawHeaders = req.rawHeaders;
  const contentType = headerValue(rawHeaders, 'content-type');
  const derived = ctx.deriver.derive(bin, { rawHeaders, body, contentType });
  // Scripted response and retry grouping: decided before the write is queued (server/respond/decide.ts).
  const method = req.method ?? 'GET';
  const { receivedAt, path } = at;
  const decision = responder.decide(bin, { method, path, rawHeaders, body, truncated, receivedAt });
  // Passthrough (server/forward/passthrough.ts) unless a script step or a /status/<code> path answers;
  // a bin that does not forward pays one null check.
  const plan = decision.plan;
  const relay = bin.settings.forward === null || plan === null ? null : passthroughOf(bin, plan.step !== undefined || statusFromPath(path) !== null);
  const response: ResponseRecord = relay === null ? decision.record : PENDING_PASSTHROUGH;
  const remoteAddress = req.socket.remoteAddress ?? null;
  decision.commit(
    (retry, done) => ctx.store.writer.write({
      binId: bin.id,
      receivedAt,
      method,
      path,
      query: at.query,
      rawHeaders,
      contentType,
      size,
      truncated,
      remoteAddress,
      body,
      signature: derived.signature,
      decoder: derived.decoder,
      events: derived.events,
      response,
      retryOf: retry.retryOf,
      attempt: retry.attempt,
      bodyHash: retry.bodyHash,
    }, done),
    step(ctx, res, (summary: RequestSummary) =>
      relay === null ? answer(ctx, req, res, bin, plan, summary, { size, truncated }) : relayPassthrough(ctx, res, bin, relay, summary.id, { method, rawHeaders, body }),
    ),
  );
}

function answer(
  ctx: Context,
  req: IncomingMessage,
  res: ServerResponse,
  bin: BinRecord,
  plan: ResponsePlan | null,
  summary: RequestSummary,
  { size, truncated }: { size: number; truncated: boolean },
): void {
  const headers: Record<string, string> = { 'X-Hookscope-Request-Id': String(summary.id) };
  if (req.method === 'OPTIONS') {
    headers['Access-Control-Allow-Methods'] = '*';
    headers['Access-Control-Allow-Headers'] = headerValue(req.rawHeaders, 'access-control-request-headers') ?? '*';
  }
  if (truncated) {
    headers.Connection = 'close';
    const message = `body is ${size} bytes, over the ${ctx.config.maxBody}-byte limit (--max-body); stored truncated`;
    return sendJson(ctx, res, 413, { ...errorBody('payload_too_large', message), id: summary.id }, headers);
  }
  if (!plan) return;
  if (plan.status >= 400) countWhenSent(ctx, res);
  // Answered while the server stops: this connection's last (a request in flight gets its answer).
  if (ctx.lifecycle?.draining) headers.Connection = 'close';
  sendAnswer(res, plan, { id: summary.id, bin: bin.id }, headers, ctx.lifecycle);
}
