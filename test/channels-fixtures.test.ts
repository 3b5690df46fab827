// The channel fold over each server's real-shaped webhooks (test/fixtures), decoded by core/decode
// exactly as the server decodes them, in the order the servers send them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChannelFold, type FoldRequest } from '../core/channels/index.js';
import { decodeBody } from '../core/decode/index.js';
import { fixture, fixturesDir } from './helpers/fixtures.js';

let id = 0;

function fromBody(body: string, contentType = 'application/json', receivedAt = 1_795_431_900_000): FoldRequest {
  const result = decodeBody({ body: new TextEncoder().encode(body), contentType });
  if (!result.ok) throw new Error(`fixture did not decode: ${result.reason}`);
  return { id: ++id, receivedAt, events: result.events };
}

function request(server: string, name: string): FoldRequest {
  return fromBody(fixture(server, name).request.body);
}

function generic(name: string): FoldRequest {
  const f = JSON.parse(readFileSync(join(fixturesDir, 'generic', `${name}.json`), 'utf8')) as { request: { body: string } };
  return fromBody(f.request.body);
}

const userIds = (m: { userId: string }[] | undefined) => (m ?? []).map((x) => x.userId);

describe('channel state from each server\'s webhooks', () => {
  it('soketi: a presence member leaves with the socket; the batch vacates before member_removed (its own anomaly kind)', () => {
    const fold = createChannelFold();
    for (const f of ['channel_occupied', 'cache_miss', 'member_added', 'client_event']) fold.apply(request('soketi', f));
    expect(fold.summary('presence-room')).toMatchObject({ occupied: true, members: [{ userId: 'u-1' }] });
    const batch = request('soketi', 'batched');
    fold.apply(batch);
    expect(fold.detail('presence-room')).toMatchObject({
      occupied: false,
      members: [],
      anomalies: [{ kind: 'vacated_before_last_member_removed', requestId: batch.id, index: 1 }],
    });
    expect(fold.detail('cache-prices')).toMatchObject({ type: 'cache', occupied: false, anomalyCount: 0 });
    expect(fold.detail('cache-prices')?.timeline.map((t) => t.name)).toEqual(['channel_occupied', 'cache_miss', 'channel_vacated']);
    expect(fold.summary('private-chat')).toMatchObject({ type: 'private', anomalies: 0 });
  });

  it('soketi: member_removed of a user hookscope never saw join is flagged', () => {
    const fold = createChannelFold();
    const r = request('soketi', 'member_removed');
    fold.apply(r);
    expect(fold.detail('presence-room')?.anomalies).toEqual([expect.objectContaining({ kind: 'member_removed_not_present', requestId: r.id, index: 0 })]);
  });

  it('sockudo: a batch with subscription_count, member_added and a vacate', () => {
    const fold = createChannelFold();
    fold.apply(request('sockudo', 'batched'));
    expect(fold.summary('private-orders')).toMatchObject({ occupied: false, subscriptionCount: 0, anomalies: 0 });
    expect(fold.summary('presence-lobby')).toMatchObject({ occupied: true, members: [{ userId: 'u-1' }] });
    fold.apply(request('sockudo', 'channel_occupied'));
    fold.apply(request('sockudo', 'subscription_count'));
    expect(fold.summary('private-orders')).toMatchObject({ occupied: true, subscriptionCount: 2 });
    fold.apply(generic('sockudo_event_member_updated'));
    expect(fold.summary('presence-lobby')?.members).toEqual([{ userId: 'u-1', userInfo: { name: 'Ann', role: 'admin' } }]);
    fold.apply(request('sockudo', 'member_removed'));
    expect(fold.summary('presence-lobby')).toMatchObject({ occupied: false, members: [], anomalies: 0 });
  });

  it('Pusher: the documented batch leaves every channel consistent', () => {
    const fold = createChannelFold();
    fold.apply(request('pusher', 'batched'));
    expect(fold.list().map((c) => [c.name, c.occupied, c.anomalies])).toEqual([
      ['my-channel', false, 0],
      ['presence-chat', false, 0],
      ['presence-your_channel_name', false, 0],
    ]);
    expect(fold.detail('presence-chat')?.timeline).toEqual([expect.objectContaining({ name: 'client_event', event: 'client-typing', userId: 'user-42', at: 1732357200123 })]);
  });

  it('pusher-fake: time_ms in seconds is read as seconds', () => {
    const fold = createChannelFold();
    fold.apply(generic('pusher_fake_seconds'));
    expect(fold.detail('presence-room')?.timeline[0].at).toBe(1795431691000);
  });

  it('ts-broadcasting: subscribe, presence through channelData, and a disconnection that leaves every channel', () => {
    const fold = createChannelFold();
    for (const f of ['connection', 'subscribe', 'subscribe_presence']) fold.apply(request('ts-broadcasting', f));
    expect(fold.summary('news')).toMatchObject({ type: 'public', occupied: true, subscriptionCount: 1 });
    expect(fold.summary('presence-room')).toMatchObject({ occupied: true, subscriptionCount: 1, members: [{ userId: 'u-1', userInfo: { name: 'Ann' } }] });
    const bye = request('ts-broadcasting', 'disconnection');
    expect(fold.apply(bye).sort()).toEqual(['news', 'presence-room']);
    expect(fold.summary('news')).toMatchObject({ occupied: false, subscriptionCount: 0 });
    expect(fold.detail('presence-room')).toMatchObject({ occupied: false, members: [], anomalyCount: 0 });
    expect(fold.detail('presence-room')?.timeline.at(-1)).toMatchObject({ name: 'disconnection', requestId: bye.id, userId: 'u-1' });
  });

  it('ts-broadcasting: unsubscribe, the connection user as presence member, and application-fired presence_join/leave', () => {
    const fold = createChannelFold();
    const ts = 1795431811630;
    const tsb = (event: string, data: Record<string, unknown>) => fromBody(JSON.stringify({ event, timestamp: ts + id, data }));
    fold.apply(tsb('connection', { socketId: 's1', connectedAt: ts, user: { id: 42, name: 'Ann' } }));
    fold.apply(tsb('subscribe', { socketId: 's1', channel: 'presence-a' }));
    expect(fold.summary('presence-a')?.members).toEqual([{ userId: '42', userInfo: { id: 42, name: 'Ann' } }]);
    fold.apply(tsb('unsubscribe', { socketId: 's1', channel: 'presence-a' }));
    expect(fold.detail('presence-a')).toMatchObject({ occupied: false, members: [] });
    expect(fold.detail('presence-a')?.timeline.at(-1)).toMatchObject({ name: 'unsubscribe', userId: '42' });

    fold.apply(tsb('presence_join', { channel: 'presence-app', member: { id: 7, info: { name: 'Bo' } } }));
    expect(fold.summary('presence-app')).toMatchObject({ occupied: true, members: [{ userId: '7', userInfo: { name: 'Bo' } }] });
    fold.apply(tsb('presence_leave', { channel: 'presence-app', userId: '7' }));
    fold.apply(tsb('presence_leave', { channel: 'presence-app', userId: '7' }));
    expect(userIds(fold.summary('presence-app')?.members)).toEqual([]);
    expect(fold.detail('presence-app')?.anomalies.map((a) => a.kind)).toEqual(['member_removed_not_present']);
    fold.apply(request('ts-broadcasting', 'client_event_manual_fire'));
    expect(fold.detail('private-chat')?.timeline).toEqual([expect.objectContaining({ name: 'client_event', event: 'client-typing' })]);
  });
});
