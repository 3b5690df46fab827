// Retry schedules of each server, in server time (the sender's clock scales them in tests).
import type { DeliveryResult } from '../replay/outbound.js';
import type { RetryPolicy } from './types.js';

const is2xx = (r: DeliveryResult): boolean => r.ok && r.status >= 200 && r.status < 300;

/**
 * soketi 1.x: the default sync queue logs a failed POST and never retries (webhook-sender.ts L122-L123,
 * "TODO: Maybe retry exponentially?"). With `retries` set, the schedule of its Redis/BullMQ queue:
 * exponential from 1 s (queues/redis-queue-driver.ts L67-L79: attempts 6, backoff exponential, delay 1000).
 */
export const soketiRetry: RetryPolicy = {
  defaultRetries: 0,
  retryable: (r) => !is2xx(r),
  delayMs: (n) => 1000 * 2 ** (n - 1),
};

const SOCKUDO_INITIAL = 1000;
const SOCKUDO_MAX_BACKOFF = 60_000;
const SOCKUDO_BUDGET = 300_000;

/**
 * sockudo v4+ (crates/sockudo-webhook/src/sender.rs, send_pusher_webhook; defaults options/webhooks.rs
 * L29-L49): network errors, timeouts, 5xx, 408, 409, 425 and 429 are retried (should_retry_status), any
 * other non-2xx is permanent. The delay starts at 1 s and doubles up to 60 s; it gives up when
 * elapsed + delay would pass the 300 s budget. Each sleep is jittered by 0.8-1.2x (`800 + rand % 401`
 * per mille), capped at 60 s and at what is left of the budget.
 */
export const sockudoRetry: RetryPolicy = {
  defaultRetries: null,
  retryable: (r) => !r.ok || r.status >= 500 || [408, 409, 425, 429].includes(r.status),
  delayMs(n, elapsedMs, random) {
    const nominal = Math.min(SOCKUDO_INITIAL * 2 ** (n - 1), SOCKUDO_MAX_BACKOFF);
    if (elapsedMs + nominal > SOCKUDO_BUDGET) return null;
    const jitter = (800 + Math.floor(random() * 401)) / 1000;
    return Math.round(Math.min(nominal * jitter, SOCKUDO_MAX_BACKOFF, SOCKUDO_BUDGET - elapsedMs));
  },
};

/**
 * ts-broadcasting (webhooks.ts L119-L131): retried on HTTP >= 500 or a thrown fetch (network, timeout
 * abort) while attempt <= retryAttempts (default 3), waiting retryDelay * attempt (1 s, 2 s, 3 s).
 * 4xx and 3xx are final.
 */
export const tsBroadcastingRetry: RetryPolicy = {
  defaultRetries: 3,
  retryable: (r) => !r.ok || r.status >= 500,
  delayMs: (n) => 1000 * n,
};

const PUSHER_BUDGET = 300_000;

/**
 * Pusher Channels: "If the response is not a 2XX, Channels will retry with exponential backoff, for 5
 * minutes" (docs/channels/server_api/webhooks.md L57). The base and factor are not published: 1 s
 * doubling is assumed, stopping when the next wait would pass 5 minutes.
 */
export const pusherRetry: RetryPolicy = {
  defaultRetries: null,
  retryable: (r) => !is2xx(r),
  delayMs(n, elapsedMs) {
    const delay = 1000 * 2 ** (n - 1);
    return elapsedMs + delay > PUSHER_BUDGET ? null : delay;
  },
};

/** The waits a policy makes for `retries` retries when every attempt fails instantly (docs, tests). */
export function retrySchedule(policy: RetryPolicy, retries: number | null, random: () => number = () => 0.5): number[] {
  const waits: number[] = [];
  let elapsed = 0;
  for (let n = 1; retries === null || n <= retries; n++) {
    const wait = policy.delayMs(n, elapsed, random);
    if (wait === null) break;
    waits.push(wait);
    elapsed += wait;
  }
  return waits;
}
