// The long-poll wait, seen from the client: GET /api/bins/:bin/wait answers 200 { event, request }
// with the first match after `after`, or 408 { error, nearMisses } when `timeout` ms pass first.
// The server caps one wait at 60 s; longer client waits are split into several server waits.
import type { DecodedEvent, RequestSummary } from '../core/wire.js';
import { type Position, formatPosition } from './cursor.js';
import { type WaitMatch, normalizeNearMisses } from './describe.js';
import { HookscopeApiError } from './errors.js';
import { type Http, isRecord } from './http.js';
import type { NearMiss } from './types.js';

export const DEFAULT_TIMEOUT = 10_000;
export const MAX_SERVER_WAIT = 60_000;
/** How much longer than the server's own timeout the client lets a wait's HTTP call run. */
export const TRANSPORT_SLACK = 10_000;

export interface WaitCall {
  match: WaitMatch;
  after: Position;
  timeout: number;
  signal?: AbortSignal;
}

export type WaitOutcome =
  | { ok: true; event: DecodedEvent | null; request: RequestSummary }
  | { ok: false; nearMisses: NearMiss[] };

interface WaitBody {
  event?: DecodedEvent | null;
  request: RequestSummary;
  nearMisses?: unknown;
}

export async function longPoll(http: Http, binPath: string, call: WaitCall): Promise<WaitOutcome> {
  checkTimeout(call.timeout);
  const deadline = Date.now() + call.timeout;
  let misses: NearMiss[] = [];
  for (;;) {
    const chunk = Math.ceil(Math.min(MAX_SERVER_WAIT, Math.max(0, deadline - Date.now())));
    const res = await withDeadline(chunk + TRANSPORT_SLACK, call.signal, (signal) =>
      http.call<WaitBody>('GET', `${binPath}/wait`, {
        query: { ...call.match, after: formatPosition(call.after), timeout: chunk },
        accept: [408],
        signal,
      }),
    );
    if (res.status !== 408) return { ok: true, event: res.body.event ?? null, request: res.body.request };
    const body: unknown = res.body;
    // A 408 from something in between (a proxy's own request timeout) is an error, not a wait's end.
    if (!isWaitTimeout(body)) throw new HookscopeApiError(408, 'http_408', `GET ${binPath}/wait answered 408 without a wait result`);
    misses = merge(normalizeNearMisses(isRecord(body) ? body.nearMisses : undefined, call.match), misses);
    if (Date.now() >= deadline) return { ok: false, nearMisses: misses };
  }
}

export function isWaitTimeout(body: unknown): boolean {
  return isRecord(body) && isRecord(body.error) && body.error.code === 'wait_timeout';
}

export function checkTimeout(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`timeout must be a number of milliseconds >= 0, got ${ms}`);
}

/** Newer misses first, each arrival once. */
function merge(newer: NearMiss[], older: NearMiss[]): NearMiss[] {
  const seen = new Set<string>();
  return [...newer, ...older].filter((m) => {
    const key = `${m.request?.id ?? m.event?.requestId ?? '?'}:${m.event?.index ?? '-'}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs `run` with a signal that aborts after `ms` or when `outer` aborts (AbortSignal.any needs Node 20). */
export async function withDeadline<T>(ms: number, outer: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  outer?.throwIfAborted();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`hookscope did not answer a wait within ${ms} ms`)), ms);
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}
