// GET /api/bins/:bin/channels, /channels/:channel (?at= time travel), /channels/:channel/wait and
// the live `channels` message, against a real server fed soketi-shaped signed webhooks.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelDetail, ChannelList, DeliveryTiming } from '../core/channels/index.js';
import type { LiveMessage } from '../server/live/hub.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { json, patch, send } from './helpers/http.js';
import { connect, wsUrl } from './live-helpers.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
});
afterAll(() => s.close());

const KEY = 'app-key';
const SECRET = 'app-secret';
let clock = 1_795_431_750_000;

/** Posts a signed soketi-shaped batch; returns the stored request id. */
async function deliver(bin: string, events: Record<string, unknown>[], time = (clock += 10)): Promise<number> {
  const body = JSON.stringify({ time_ms: time, events });
  const signature = createHmac('sha256', SECRET).update(body).digest('hex');
  const headers: [string, string][] = [
    ['Content-Type', 'application/json'],
    ['User-Agent', 'SoketiWebhooksAxiosClient/1.0 (Process: 1)'],
    ['X-Pusher-Key', KEY],
    ['X-Pusher-Signature', signature],
  ];
  const res = await send(`${s.url}/h/${bin}`, { headers, body });
  return Number(res.headers['x-hookscope-request-id']);
}

const join = (channel: string, user: string) => [{ name: 'member_added', channel, user_id: user }];
const leave = (channel: string, user: string) => [{ name: 'member_removed', channel, user_id: user }];
const list = (bin: string, q = '') => json<ChannelList>(`${s.url}/api/bins/${bin}/channels${q}`);
const detail = (bin: string, channel: string, q = '') => json<ChannelDetail>(`${s.url}/api/bins/${bin}/channels/${encodeURIComponent(channel)}${q}`);
const members = (d: { members?: { userId: string }[] }) => (d.members ?? []).map((m) => m.userId).sort();

describe('channel state API', () => {
  it('lists channels with occupancy, members and counts, filtered by occupied and prefix', async () => {
    await deliver('ch-list', [{ name: 'channel_occupied', channel: 'presence-room-1' }, ...join('presence-room-1', '42')]);
    await deliver('ch-list', join('presence-room-1', '7'));
    const last = await deliver('ch-list', [{ name: 'channel_occupied', channel: 'private-chat' }, { name: 'channel_vacated', channel: 'private-chat' }]);
    const all = await list('ch-list');
    expect(all.status).toBe(200);
    expect(all.body.asOf).toBe(last);
    expect(all.body.channels.map((c) => [c.name, c.type, c.occupied, c.anomalies])).toEqual([
      ['presence-room-1', 'presence', true, 0],
      ['private-chat', 'private', false, 0],
    ]);
    expect(members(all.body.channels[0])).toEqual(['42', '7']);
    expect(all.body.channels[0].firstEventAt).toBeGreaterThan(0);
    expect((await list('ch-list', '?occupied=true')).body.channels.map((c) => c.name)).toEqual(['presence-room-1']);
    expect((await list('ch-list', '?occupied=false')).body.channels.map((c) => c.name)).toEqual(['private-chat']);
    expect((await list('ch-list', '?prefix=private-')).body.channels.map((c) => c.name)).toEqual(['private-chat']);
  });

  it('answers a channel with its timeline and anomalies, and the state as of a request (at)', async () => {
    const a = await deliver('ch-detail', [{ name: 'channel_occupied', channel: 'presence-r' }, ...join('presence-r', '1')]);
    const b = await deliver('ch-detail', join('presence-r', '2'));
    const c = await deliver('ch-detail', join('presence-r', '2'));
    await deliver('ch-detail', [{ name: 'channel_vacated', channel: 'presence-r' }, ...leave('presence-r', '1'), ...leave('presence-r', '2')]);
    const now = await detail('ch-detail', 'presence-r');
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ name: 'presence-r', occupied: false, members: [], timelineCount: 7, anomalyCount: 2 });
    expect(now.body.anomalies.map((x) => [x.kind, x.requestId, x.index])).toEqual([
      ['member_added_already_present', c, 0],
      ['vacated_before_last_member_removed', c + 1, 0],
    ]);
    expect(now.body.timeline[0]).toMatchObject({ requestId: a, index: 0, name: 'channel_occupied' });
    const then = await detail('ch-detail', 'presence-r', `?at=${b}`);
    expect(then.body).toMatchObject({ occupied: true, asOf: b, timelineCount: 3, anomalyCount: 0 });
    expect(members(then.body)).toEqual(['1', '2']);
    const before = await detail('ch-detail', 'presence-r', `?at=${a - 1}`);
    expect(before.status).toBe(404);
  });

  it('errors: unknown bin, unknown channel, bad query', async () => {
    await deliver('ch-errors', join('presence-x', '1'));
    expect((await list('nope-no-bin')).status).toBe(404);
    const missing = await detail('ch-errors', 'presence-never');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'channel_not_found' } });
    expect((await list('ch-errors', '?occupied=yes')).body).toMatchObject({ error: { code: 'invalid_query' } });
    expect((await detail('ch-errors', 'presence-x', '?at=-1')).status).toBe(400);
  });

  it('applies a retried body once (attempt 2 of a 500 answered delivery)', async () => {
    await deliver('ch-retry', [{ name: 'channel_occupied', channel: 'private-x' }]);
    expect((await patch(`${s.url}/api/bins/ch-retry`, { response: { script: [{ status: 500 }] } })).status).toBe(200);
    const body = join('presence-y', '5');
    const first = await deliver('ch-retry', body, 1_795_431_800_000);
    const retry = await deliver('ch-retry', body, 1_795_431_800_000);
    const stored = await json<{ attempt?: number; retryOf?: number }>(`${s.url}/api/bins/ch-retry/requests/${retry}`);
    expect(stored.body).toMatchObject({ attempt: 2, retryOf: first });
    const d = await detail('ch-retry', 'presence-y');
    expect(d.body).toMatchObject({ members: [{ userId: '5' }], anomalyCount: 0, timelineCount: 1, asOf: retry });
  });

  it('keeps the state when the per-bin cap prunes the requests that built it; Clear resets it', async () => {
    expect((await json(`${s.url}/api/bins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ch-prune', maxRequests: 2 }) })).status).toBe(201);
    await deliver('ch-prune', join('presence-p', 'old'));
    await list('ch-prune'); // the state exists from here on
    for (let i = 0; i < 4; i++) await deliver('ch-prune', [{ name: 'client_event', channel: 'presence-p', event: 'client-x' }]);
    const requests = await json<{ requests: unknown[] }>(`${s.url}/api/bins/ch-prune/requests`);
    expect(requests.body.requests.length).toBe(2);
    expect(members((await detail('ch-prune', 'presence-p')).body)).toEqual(['old']);
    // Deleting a request keeps it too: the state is what the sender said.
    const [newest] = (requests.body.requests as { id: number }[]);
    expect((await json(`${s.url}/api/bins/ch-prune/requests/${newest.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await detail('ch-prune', 'presence-p')).body).toMatchObject({ timelineCount: 5, members: [{ userId: 'old' }] });
    expect((await json(`${s.url}/api/bins/ch-prune/requests`, { method: 'DELETE' })).status).toBe(204);
    expect((await list('ch-prune')).body.channels).toEqual([]);
    await deliver('ch-prune', join('presence-p', 'new'));
    expect(members((await detail('ch-prune', 'presence-p')).body)).toEqual(['new']);
  });

  it('sends { type: "channels", changed } on the live socket after a commit that changed channels, only to bins someone watches', async () => {
    const seen: { bin: string; message: LiveMessage }[] = [];
    const off = s.context.hub.subscribeAll((bin, message) => void (message.type === 'channels' && seen.push({ bin, message })));
    try {
      await deliver('ch-quiet', join('presence-q', '1'));
      await deliver('ch-live', join('presence-l', '1'));
      await list('ch-quiet');
      await list('ch-live');
      const client = await connect(wsUrl(s.url, '/api/bins/ch-live/live'));
      await client.until(() => client.messages.some((m) => m.type === 'hello'), 'hello');
      await deliver('ch-quiet', join('presence-q', '2'));
      await deliver('ch-live', join('presence-l', '2'));
      await client.until(() => client.messages.some((m) => m.type === 'channels'), 'a channels message');
      const message = client.messages.find((m) => m.type === 'channels') as unknown as { changed: { name: string; members: { userId: string }[] }[] };
      expect(message.changed.map((c) => [c.name, members(c)])).toEqual([['presence-l', ['1', '2']]]);
      const requestsAt = client.messages.findIndex((m) => m.type === 'requests');
      expect(requestsAt).toBeGreaterThanOrEqual(0);
      expect(requestsAt).toBeLessThan(client.messages.indexOf(message as never));
      await list('ch-quiet'); // drains ch-quiet's queue: it changed, but nobody watches it
      expect(seen.map((x) => x.bin)).toEqual(['ch-live']);
      client.close();
    } finally {
      off();
    }
  });
});

describe('the store query the fold reads', () => {
  it('withEvents: only requests that carried events (an event-less body, up to --max-body, is never read)', async () => {
    const withEvents = await deliver('ch-store', join('presence-s', '1'));
    expect((await send(`${s.url}/h/ch-store`, { headers: [['Content-Type', 'text/plain']], body: 'x'.repeat(100_000) })).status).toBe(200);
    const rows = await s.context.store.requests.query('ch-store', { withEvents: true, order: 'asc', limit: 10 });
    expect(rows.map((r) => r.summary.id)).toEqual([withEvents]);
    expect((await s.context.store.requests.query('ch-store', { order: 'asc', limit: 10 })).length).toBe(2);
  });
});

describe('GET /api/bins/:bin/timing', () => {
  it('reports events per request, gaps, the sender and its batching window, sender delay and retries', async () => {
    for (const n of [1, 3, 2]) await deliver('ch-timing', Array.from({ length: n }, (_, i) => ({ name: 'client_event', channel: 'private-t', event: `client-${i}` })));
    const res = await json<DeliveryTiming>(`${s.url}/api/bins/ch-timing/timing`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      requests: 3,
      sender: { name: 'soketi', batchWindowMs: 50 },
      eventsPerRequest: { min: 1, p50: 2, max: 3 },
      gapMs: { count: 2 },
      delayMs: { count: 3 },
      retries: { bodies: 0, maxAttempt: 1 },
    });
    expect(res.body.series.map((p) => p.events)).toEqual([1, 3, 2]);
    expect((await json<DeliveryTiming>(`${s.url}/api/bins/ch-timing/timing?limit=2`)).body.requests).toBe(2);
    expect((await json(`${s.url}/api/bins/ch-timing/timing?limit=0`)).status).toBe(400);
    expect((await json(`${s.url}/api/bins/no-such-timing/timing`)).status).toBe(404);
  });
});

describe('GET /api/bins/:bin/channels/:channel/wait', () => {
  it('answers at once when the state holds, else when it comes to hold', async () => {
    await deliver('ch-wait', join('presence-w', 'a'));
    const now = await detail('ch-wait', 'presence-w', '/wait?members=["a"]&occupied=true&timeout=1000');
    expect(now.status).toBe(200);
    expect(members(now.body)).toEqual(['a']);
    const later = detail('ch-wait', 'presence-w', `/wait?members=${encodeURIComponent('["a","b"]')}&timeout=5000`);
    await deliver('ch-wait', join('presence-w', 'b'));
    expect(members((await later).body)).toEqual(['a', 'b']);
    const empty = detail('ch-wait', 'presence-w', '/wait?members=[]&occupied=false&timeout=5000');
    await deliver('ch-wait', [...leave('presence-w', 'a'), ...leave('presence-w', 'b'), { name: 'channel_vacated', channel: 'presence-w' }]);
    expect((await empty).body).toMatchObject({ occupied: false, members: [] });
  });

  it('times out with 408 and the state it last saw; a channel never seen counts as unoccupied', async () => {
    await deliver('ch-wait-408', join('presence-t', 'x'));
    const res = await json<{ error: { code: string }; channel: ChannelDetail }>(`${s.url}/api/bins/ch-wait-408/channels/presence-t/wait?members=["y"]&timeout=150`);
    expect(res.status).toBe(408);
    expect(res.body.error.code).toBe('wait_timeout');
    expect(members(res.body.channel)).toEqual(['x']);
    const unseen = await detail('ch-wait-408', 'presence-none', '/wait?occupied=false&timeout=100');
    expect(unseen.body).toMatchObject({ name: 'presence-none', occupied: false, members: [], timelineCount: 0 });
    expect((await detail('ch-wait-408', 'presence-t', '/wait?members=42')).body).toMatchObject({ error: { code: 'invalid_query' } });
  });

  it('answers 410 when the bin is deleted while waiting', async () => {
    await deliver('ch-wait-410', join('presence-z', 'x'));
    const pending = json(`${s.url}/api/bins/ch-wait-410/channels/presence-z/wait?occupied=false&timeout=5000`);
    await expect.poll(() => s.context.channels.waiters()).toBe(1);
    expect((await json(`${s.url}/api/bins/ch-wait-410`, { method: 'DELETE' })).status).toBe(204);
    expect((await pending).status).toBe(410);
  });
});
