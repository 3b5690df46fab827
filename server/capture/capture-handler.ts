// ANY /h/:bin and /h/:bin/*: raw node:http on purpose. Hono's Request wrapping and header copying
// cost more than the database on this path (design.md, "Measured on a prototype"); rawHeaders keeps
// arrival order, original case and duplicates for free.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerValue } from '../../core/raw-headers.js';
import type { ResponseRecord } from '../../core/wire.js';
import { binForCapture } from '../bin-service.js';
import type { Context } from '../context.js';
import { errorBody } from '../errors.js';
import { sendAnswer } from '../respond/answer.js';
import { createResponder, type Responder } from '../respond/decide.js';
import { BinGoneError } from '../store/write-queue.js';
import { readBody } from './read-body.js';

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
    capture(ctx, responder, req, res).catch((err: Error) => {
      if (err instanceof BinGoneError) sendJson(ctx, res, 404, errorBody('bin_not_found', err.message), { Connection: 'close' });
      else if (!res.headersSent) sendJson(ctx, res, 500, errorBody('capture_failed', err.message));
      else res.destroy();
    });
  };
}

async function capture(ctx: Context, responder: Responder, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedAt = ctx.now();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const slash = path.indexOf('/', 3);
  let binId: string;
  try {
    binId = decodeURIComponent(path.slice(3, slash === -1 ? undefined : slash));
  } catch {
    return sendJson(ctx, res, 400, errorBody('bad_path', 'the bin id in the path is not valid percent-encoding'));
  }
  const bin = binForCapture(ctx, binId);
  if (!bin) return sendJson(ctx, res, 404, errorBody('bin_not_found', `no bin "${binId}"`), { Connection: 'close' });

  const { body, size, truncated } = await readBody(req, ctx.config.maxBody);
  const rawHeaders = req.rawHeaders;
  const contentType = headerValue(rawHeaders, 'content-type');
  const derived = ctx.deriver.derive(bin, { rawHeaders, body, contentType });
  // Scripted response and retry grouping: decided before any await (server/respond/decide.ts).
  const method = req.method ?? 'GET';
  const decision = responder.decide(bin, { method, path, rawHeaders, body, truncated, receivedAt });
  const response: ResponseRecord = decision.record;
  const summary = await decision.commit((retry) => ctx.queue.enqueue({
    binId: bin.id,
    receivedAt,
    method,
    path,
    query,
    rawHeaders,
    contentType,
    size,
    truncated,
    remoteAddress: req.socket.remoteAddress ?? null,
    body,
    signature: derived.signature,
    decoder: derived.decoder,
    events: derived.events,
    response,
    ...retry,
  }));
  const headers: Record<string, string> = { 'X-Hookscope-Request-Id': String(summary.id) };
  if (req.method === 'OPTIONS') {
    headers['Access-Control-Allow-Methods'] = '*';
    headers['Access-Control-Allow-Headers'] = headerValue(rawHeaders, 'access-control-request-headers') ?? '*';
  }
  if (truncated) {
    headers.Connection = 'close';
    const message = `body is ${size} bytes, over the ${ctx.config.maxBody}-byte limit (--max-body); stored truncated`;
    return sendJson(ctx, res, 413, { ...errorBody('payload_too_large', message), id: summary.id }, headers);
  }
  if (!decision.plan) return;
  if (decision.plan.status >= 400) countWhenSent(ctx, res);
  sendAnswer(res, decision.plan, { id: summary.id, bin: bin.id }, headers);
}
