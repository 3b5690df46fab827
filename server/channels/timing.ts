// GET /api/bins/:bin/timing: how a bin's webhooks arrive, from the newest deliveries that carried
// events. Pure: figures from the deliveries read by stored-requests.ts.
import type { DeliveryTiming, Percentiles } from '../../core/channels/index.js';
import type { Delivery } from './stored-requests.js';

/** Points of the events-per-request chart (the newest). */
export const SERIES_POINTS = 500;

/** Nearest-rank percentile of sorted values. */
function rank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function percentiles(values: number[]): Percentiles {
  const sorted = values.sort((a, b) => a - b);
  return { count: sorted.length, p50: rank(sorted, 0.5), p99: rank(sorted, 0.99) };
}

function header(raw: readonly string[], name: string): { name: string; value: string } | null {
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) return { name: raw[i], value: raw[i + 1] };
  return null;
}

/**
 * Who sends, from the newest delivery's headers (formats.md §0): soketi's axios User-Agent (batching
 * opt-in, 50 ms), ts-broadcasting's User-Agent (no batching), sockudo's lower-case X-Pusher-* names
 * and no User-Agent (batching on by default: 50 ms, at most 100 events).
 */
export function inferSender(rawHeaders: readonly string[], maxEvents: number): DeliveryTiming['sender'] {
  const ua = header(rawHeaders, 'user-agent');
  const sig = header(rawHeaders, 'x-pusher-signature');
  if (ua && /SoketiWebhooks/i.test(ua.value)) {
    const batched = maxEvents > 1;
    return { name: 'soketi', evidence: `User-Agent: ${ua.value}`, batchWindowMs: batched ? 50 : null, batchMaxEvents: null };
  }
  if (ua && /^ts-broadcasting\//i.test(ua.value)) return { name: 'ts-broadcasting', evidence: `User-Agent: ${ua.value}`, batchWindowMs: null, batchMaxEvents: null };
  if (sig && !ua && sig.name === 'x-pusher-signature') {
    return { name: 'sockudo', evidence: 'lower-case x-pusher-signature and no User-Agent', batchWindowMs: 50, batchMaxEvents: 100 };
  }
  if (sig) return { name: 'pusher-compatible', evidence: `${sig.name} header${ua ? `, User-Agent: ${ua.value}` : ''}`, batchWindowMs: null, batchMaxEvents: null };
  return { name: 'unknown', evidence: ua ? `User-Agent: ${ua.value}` : null, batchWindowMs: null, batchMaxEvents: null };
}

export function deliveryTiming(deliveries: readonly Delivery[]): DeliveryTiming {
  const counts = deliveries.map((d) => d.events);
  const sortedCounts = [...counts].sort((a, b) => a - b);
  const histogram = new Map<number, number>();
  for (const n of counts) histogram.set(n, (histogram.get(n) ?? 0) + 1);
  const gaps: number[] = [];
  for (let i = 1; i < deliveries.length; i++) gaps.push(deliveries[i].receivedAt - deliveries[i - 1].receivedAt);
  // A retry is late by design: the delay is the first delivery's.
  const delays = deliveries.filter((d) => d.time !== undefined && d.attempt <= 1).map((d) => d.receivedAt - (d.time as number));
  const retried = new Set(deliveries.filter((d) => d.attempt > 1).map((d) => d.retryOf ?? d.id));
  const max = sortedCounts.at(-1) ?? 0;
  const newest = deliveries.at(-1);
  return {
    requests: deliveries.length,
    sender: newest ? inferSender(newest.rawHeaders, max) : inferSender([], 0),
    eventsPerRequest: {
      min: sortedCounts[0] ?? null,
      p50: rank(sortedCounts, 0.5),
      max: sortedCounts.at(-1) ?? null,
      histogram: [...histogram].sort((a, b) => a[0] - b[0]).map(([events, requests]) => ({ events, requests })),
    },
    gapMs: percentiles(gaps),
    delayMs: percentiles(delays),
    retries: { bodies: retried.size, maxAttempt: deliveries.reduce((m, d) => Math.max(m, d.attempt), deliveries.length > 0 ? 1 : 0) },
    series: deliveries.slice(-SERIES_POINTS).map((d) => ({ requestId: d.id, receivedAt: d.receivedAt, events: d.events, attempt: d.attempt })),
  };
}
