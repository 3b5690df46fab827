// The sender's waits, on a fake clock (no real sleeping): batching ticks, the 3 s removal delays, and
// each server's retry backoff and time budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSend, sendSchema } from '../server/send/input.js';
import { pusherRetry, retrySchedule, sockudoRetry, soketiRetry, tsBroadcastingRetry } from '../server/send/retry.js';
import { runSend } from '../server/send/sender.js';
import type { SendClock } from '../server/send/types.js';
import { type AppTarget, startAppTarget } from './helpers/app-target.js';

let app: AppTarget;
beforeAll(async () => (app = await startAppTarget()));
afterAll(() => app.close());

function fakeClock(random = 0.5): SendClock & { waits: number[] } {
  let t = 1_795_431_690_000;
  const waits: number[] = [];
  return { waits, now: () => t, random: () => random, sleep: async (ms) => void (waits.push(ms), (t += ms)) };
}

async function run(body: Record<string, unknown>, clock = fakeClock()) {
  const job = prepareSend(sendSchema.parse({ to: app.url, key: 'k', secret: 's', ...body }), clock);
  const deliveries = await runSend(job, { clock, pid: 1, timeoutMs: 2000 });
  return { deliveries, waits: clock.waits };
}

describe('retry schedules', () => {
  it('sockudo: 1 s doubling to 60 s, stopping before 300 s; jitter 0.8-1.2', () => {
    expect(retrySchedule(sockudoRetry, null)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(retrySchedule(sockudoRetry, 3, () => 0)).toEqual([800, 1600, 3200]);
    expect(retrySchedule(sockudoRetry, 2, () => 0.9999)).toEqual([1200, 2400]);
  });

  it('Pusher: exponential for 5 minutes; ts-broadcasting 1, 2, 3 s; soketi none (BullMQ schedule when asked)', () => {
    expect(retrySchedule(pusherRetry, null)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000]);
    expect(retrySchedule(tsBroadcastingRetry, tsBroadcastingRetry.defaultRetries)).toEqual([1000, 2000, 3000]);
    expect(soketiRetry.defaultRetries).toBe(0);
    expect(retrySchedule(soketiRetry, 3)).toEqual([1000, 2000, 4000]);
  });
});

describe('the sender waits as the server would', () => {
  it('sockudo retries a failing app until its 300 s budget is spent', async () => {
    app.fallback = { status: 503 };
    const { deliveries, waits } = await run({ as: 'sockudo', batch: false, events: [{ name: 'channel_occupied', channel: 'a' }] });
    app.fallback = {};
    expect(deliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('a sockudo scenario: the 50 ms tick, then member_removed and channel_vacated 3 s after the leave', async () => {
    const { deliveries, waits } = await run({
      as: 'sockudo',
      scenario: { steps: [{ join: { channel: 'presence-r', userId: 'u' } }, { waitMs: 500 }, { leave: { channel: 'presence-r', userId: 'u' } }] },
    });
    expect(waits).toEqual([50, 3500]);
    expect(deliveries.map((d) => d.events)).toEqual([['channel_occupied', 'member_added'], ['member_removed', 'channel_vacated']]);
    const times = deliveries.map((d) => (JSON.parse(d.request.body) as { time_ms: number }).time_ms);
    expect(times[1] - times[0]).toBe(3500);
  });

  it('webhooks of one instant reach the app in the server order (soketi: channel_vacated, then member_removed)', async () => {
    app.caught.length = 0;
    await run({ as: 'soketi', scenario: { steps: [{ join: { channel: 'presence-r', userId: 'u' } }, { leave: { channel: 'presence-r', userId: 'u' } }] } });
    expect(app.caught.map((c) => (JSON.parse(c.body.toString()) as { events: { name: string }[] }).events[0].name)).toEqual([
      'channel_occupied',
      'member_added',
      'channel_vacated',
      'member_removed',
    ]);
  });
});
