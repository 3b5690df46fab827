// Sends planned webhooks the way the chosen server does: each at its moment, with that server's
// headers, body and retry schedule, through server/replay/outbound.ts (headers exactly as listed, body
// byte for byte). First attempts go out one after the other in the server's order, so the app sees
// that order (soketi's channel_vacated before member_removed); retries run beside later webhooks.
import type { SendDelivery } from '../../core/send.js';
import { deliver, type DeliveryResult } from '../replay/outbound.js';
import type { Credentials, PlannedWebhook, SendClock, SendFormat } from './types.js';

export interface SendJob {
  format: SendFormat;
  url: URL;
  creds: Credentials;
  webhooks: PlannedWebhook[];
  headers: [string, string][];
  /** Retries after a failed attempt; undefined: the server's own. */
  retries?: number;
}

export interface SenderOptions {
  clock: SendClock;
  /** soketi's User-Agent carries its process id. */
  pid: number;
  /** Bound for servers whose HTTP client has no timeout (soketi's axios, Pusher: unknown). */
  timeoutMs: number;
  /** Response body bytes kept per attempt. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** Called as each attempt ends (the CLI prints it). */
  onDelivery?: (d: SendDelivery) => void;
}

/** Real time, `scale` x shorter waits (tests pass 0.001: a 3 s sockudo delay takes 3 ms). */
export function realClock(scale = 1): SendClock {
  return {
    scale,
    now: () => Date.now(),
    random: Math.random,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted || ms <= 0) return resolve();
        const timer = setTimeout(done, ms * scale);
        function done(): void {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}

export async function runSend(job: SendJob, o: SenderOptions): Promise<SendDelivery[]> {
  const { format, url } = job;
  const { clock, signal } = o;
  const scale = clock.scale !== undefined && clock.scale > 0 ? clock.scale : 1;
  const start = clock.now();
  /** Server time since the start (real time divided by the scale). */
  const elapsedSince = (t: number): number => (clock.now() - t) / scale;
  const deliveries: SendDelivery[] = [];
  const retries = job.retries ?? format.retry.defaultRetries;

  async function attempt(index: number, w: PlannedWebhook, n: number, rawHeaders: string[], body: string): Promise<DeliveryResult> {
    const sentAt = clock.now();
    const timeoutMs = format.timeoutMs ?? o.timeoutMs;
    const r = await deliver(url, { method: 'POST', rawHeaders, body: Buffer.from(body) }, { headers: 'exact', timeoutMs, signal, maxResponseBytes: o.maxResponseBytes });
    const d: SendDelivery = {
      index,
      attempt: n,
      status: r.ok ? r.status : null,
      durationMs: r.durationMs,
      ...(!r.ok && { error: r.message }),
      sentAt,
      events: w.names,
      request: { method: 'POST', url: url.href, rawHeaders, body },
      response: r.ok ? { rawHeaders: r.rawHeaders, body: r.body, bodyEncoding: r.bodyEncoding } : null,
    };
    deliveries.push(d);
    o.onDelivery?.(d);
    return r;
  }

  /** Attempts 2, 3, ...: the server's backoff, `retries` of them at most, within its time budget. */
  async function retryLoop(index: number, w: PlannedWebhook, first: DeliveryResult, firstAt: number, rawHeaders: string[], body: string): Promise<void> {
    let result = first;
    for (let n = 1; ; n++) {
      const ok = result.ok && result.status >= 200 && result.status < 300;
      if (ok || !format.retry.retryable(result) || signal?.aborted) return;
      if (retries !== null && n > retries) return;
      const wait = format.retry.delayMs(n, elapsedSince(firstAt), clock.random);
      if (wait === null) return;
      await clock.sleep(wait, signal);
      if (signal?.aborted) return;
      result = await attempt(index, w, n + 1, rawHeaders, body);
    }
  }

  const loops: Promise<void>[] = [];
  for (const [index, w] of job.webhooks.entries()) {
    const due = w.at - elapsedSince(start);
    if (due > 0) await clock.sleep(due, signal);
    if (signal?.aborted) break;
    const body = format.body(w, job.creds);
    const rawHeaders = format.headers(body, { url, creds: job.creds, custom: job.headers, pid: o.pid });
    const firstAt = clock.now();
    const first = await attempt(index, w, 1, rawHeaders, body);
    loops.push(retryLoop(index, w, first, firstAt, rawHeaders, body));
  }
  await Promise.all(loops);
  return deliveries.sort((a, b) => a.index - b.index || a.attempt - b.attempt);
}
