// Sends a planned answer after the request is committed: waits its delay on a timer (never blocks
// other requests or bins), drops the connection, or writes the status, headers and body.
import type { ServerResponse } from 'node:http';
import type { Lifecycle } from '../lifecycle.js';
import type { ResponsePlan } from './plan.js';

export interface AnswerIds {
  id: number;
  bin: string;
}

/** Statuses that must not carry a body (RFC 9110 6.4.1). */
const noBody = (status: number): boolean => status < 200 || status === 204 || status === 304;

/**
 * Default: `{ ok, id, bin }` JSON. A custom body replaces it (Content-Type from `contentType`, else a
 * custom Content-Type header, else text/plain). Custom headers override ours by name, except
 * X-Hookscope-Request-Id and Content-Length, which stay truthful.
 */
export function answerHeaders(plan: ResponsePlan, ids: AnswerIds, base: Record<string, string>): { headers: [string, string][]; body: string } {
  // The default body is JSON.stringify({ ok: true, id, bin }), spelled out (the capture hot path).
  const body = plan.body ?? `{"ok":true,"id":${ids.id},"bin":${JSON.stringify(ids.bin)}}`;
  if (plan.headers === undefined && plan.contentType === undefined && plan.body === undefined && !noBody(plan.status)) {
    const fast = defaultAnswerHeaders(body, ids, base);
    if (fast) return { headers: fast, body };
  }
  const custom = plan.headers ?? {};
  const customType = Object.keys(custom).find((n) => n.toLowerCase() === 'content-type');
  const contentType =
    plan.contentType ?? (customType ? custom[customType] : plan.body === undefined ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8');
  const out = new Map<string, [string, string]>();
  const put = (name: string, value: string): void => void out.set(name.toLowerCase(), [name, value]);
  put('Content-Type', contentType);
  put('Access-Control-Allow-Origin', '*');
  for (const [name, value] of Object.entries(base)) put(name, value);
  for (const [name, value] of Object.entries(custom)) if (name.toLowerCase() !== 'content-type') put(name, value);
  put('X-Hookscope-Request-Id', String(ids.id));
  if (noBody(plan.status)) {
    out.delete('content-type');
    out.delete('content-length');
    return { headers: [...out.values()], body: '' };
  }
  put('Content-Length', String(Buffer.byteLength(body)));
  return { headers: [...out.values()], body };
}

const OURS = new Set(['content-type', 'access-control-allow-origin', 'content-length']);

/**
 * The default answer's headers without the general merge (the capture hot path): the same headers in
 * the same order as answerHeaders' merge, or null when `base` names one of ours and the merge must decide.
 */
function defaultAnswerHeaders(body: string, ids: AnswerIds, base: Record<string, string>): [string, string][] | null {
  const headers: [string, string][] = [['Content-Type', 'application/json; charset=utf-8'], ['Access-Control-Allow-Origin', '*']];
  let idSet = false;
  for (const name in base) {
    const lower = name.toLowerCase();
    if (OURS.has(lower)) return null;
    if (lower === 'x-hookscope-request-id') {
      headers.push([name, String(ids.id)]);
      idSet = true;
    } else headers.push([name, base[name]]);
  }
  if (!idSet) headers.push(['X-Hookscope-Request-Id', String(ids.id)]);
  headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  return headers;
}

function write(res: ServerResponse, plan: ResponsePlan, ids: AnswerIds, base: Record<string, string>): void {
  if (res.destroyed || res.writableEnded) return;
  if (plan.drop) {
    // No answer at all: the sender sees a reset / "socket hang up", as with a crashed receiver.
    res.socket?.destroy();
    res.destroy();
    return;
  }
  const { headers, body } = answerHeaders(plan, ids, base);
  res.writeHead(plan.status, headers.flat());
  res.end(body);
  // A 1xx is never a final answer: the sender gets the interim status, then the connection closes
  // (instead of leaving it waiting for a final status that never comes).
  if (plan.status < 200) res.socket?.end();
}

/**
 * Answers now, or after `plan.delayMs` on a timer that is cancelled if the client goes away. A server
 * that stops (lifecycle) answers a delayed request at once rather than cutting it off: it is stored.
 */
export function sendAnswer(res: ServerResponse, plan: ResponsePlan, ids: AnswerIds, base: Record<string, string> = {}, lifecycle?: Lifecycle): void {
  if (plan.delayMs <= 0) return write(res, plan, ids, base);
  let off = (): void => {};
  const fire = (): void => {
    off();
    lifecycle?.closeAfter(res);
    write(res, plan, ids, base);
  };
  const timer = setTimeout(fire, plan.delayMs);
  if (lifecycle) {
    off = lifecycle.onDrain(() => {
      clearTimeout(timer);
      fire();
    });
  }
  res.once('close', () => {
    clearTimeout(timer);
    off();
  });
}
