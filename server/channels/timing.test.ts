import { describe, expect, it } from 'vitest';
import type { Delivery } from './stored-requests.js';
import { deliveryTiming, inferSender } from './timing.js';

const SOKETI = ['Content-Type', 'application/json', 'User-Agent', 'SoketiWebhooksAxiosClient/1.0 (Process: 9)', 'X-Pusher-Key', 'k', 'X-Pusher-Signature', 'ab'];
const SOCKUDO = ['content-type', 'application/json', 'x-pusher-key', 'k', 'x-pusher-signature', 'ab', 'accept', '*/*'];

function d(id: number, receivedAt: number, events: number, over: Partial<Delivery> = {}): Delivery {
  return { id, receivedAt, events, attempt: 1, time: receivedAt - 3, rawHeaders: SOKETI, ...over };
}

describe('delivery timing', () => {
  it('events per request, gaps, sender delay and retries', () => {
    const t = deliveryTiming([
      d(1, 1000, 1),
      d(2, 1050, 3),
      d(3, 1100, 2, { time: 1090 }),
      d(4, 2100, 2, { attempt: 2, retryOf: 3, time: 1090 }),
      d(5, 4100, 2, { attempt: 3, retryOf: 3, time: 1090 }),
    ]);
    expect(t.requests).toBe(5);
    expect(t.eventsPerRequest).toEqual({ min: 1, p50: 2, max: 3, histogram: [{ events: 1, requests: 1 }, { events: 2, requests: 3 }, { events: 3, requests: 1 }] });
    expect(t.gapMs).toEqual({ count: 4, p50: 50, p99: 2000 });
    // Retries are late by design: the delay is measured on first deliveries only.
    expect(t.delayMs).toEqual({ count: 3, p50: 3, p99: 10 });
    expect(t.retries).toEqual({ bodies: 1, maxAttempt: 3 });
    expect(t.sender).toMatchObject({ name: 'soketi', batchWindowMs: 50 });
    expect(t.series.map((p) => p.events)).toEqual([1, 3, 2, 2, 2]);
  });

  it('says nothing it does not know for an empty bin', () => {
    const t = deliveryTiming([]);
    expect(t).toMatchObject({ requests: 0, eventsPerRequest: { min: null, p50: null, max: null, histogram: [] }, gapMs: { count: 0, p50: null }, retries: { bodies: 0, maxAttempt: 0 } });
    expect(t.sender.name).toBe('unknown');
  });

  it('infers the sender from its headers', () => {
    expect(inferSender(SOKETI, 1)).toMatchObject({ name: 'soketi', batchWindowMs: null });
    expect(inferSender(SOCKUDO, 5)).toEqual({ name: 'sockudo', evidence: 'lower-case x-pusher-signature and no User-Agent', batchWindowMs: 50, batchMaxEvents: 100 });
    expect(inferSender(['Content-Type', 'application/json', 'User-Agent', 'ts-broadcasting/1.0'], 1)).toMatchObject({ name: 'ts-broadcasting', batchWindowMs: null });
    expect(inferSender(['Content-Type', 'application/json', 'X-Pusher-Key', 'k', 'X-Pusher-Signature', 'ab'], 1)).toMatchObject({ name: 'pusher-compatible' });
    expect(inferSender(['User-Agent', 'curl/8'], 1)).toMatchObject({ name: 'unknown', evidence: 'User-Agent: curl/8' });
  });
});
