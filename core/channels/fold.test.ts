import { describe, expect, it } from 'vitest';
import { createChannelFold } from './fold.js';
import type { FoldEvent, FoldRequest } from './fold-types.js';
import { channelType } from './channel-record.js';

let nextId = 0;
const T0 = 1_795_431_750_000;

/** A request of Pusher-protocol events ({name, channel, user_id?}) as the decoder gives them. */
function req(events: Record<string, unknown>[], over: Partial<FoldRequest> & { time?: number } = {}): FoldRequest {
  const id = over.id ?? ++nextId;
  nextId = Math.max(nextId, id);
  const time = over.time ?? T0 + id;
  const decoded: FoldEvent[] = events.map((raw, index) => {
    const e: FoldEvent = { index, name: String(raw.name), raw, time: typeof raw.time === 'number' ? raw.time : time };
    if (typeof raw.channel === 'string') e.channel = raw.channel;
    if (typeof raw.user_id === 'string') e.userId = raw.user_id;
    if (typeof raw.event === 'string') e.event = raw.event;
    return e;
  });
  return { id, receivedAt: time + 5, events: decoded, attempt: over.attempt, retryOf: over.retryOf };
}

const occupied = (channel: string) => ({ name: 'channel_occupied', channel });
const vacated = (channel: string) => ({ name: 'channel_vacated', channel });
const added = (channel: string, user: string) => ({ name: 'member_added', channel, user_id: user });
const removed = (channel: string, user: string) => ({ name: 'member_removed', channel, user_id: user });
const ids = (members: { userId: string }[] | undefined) => (members ?? []).map((m) => m.userId).sort();
const kinds = (fold: ReturnType<typeof createChannelFold>, name: string) => fold.detail(name)?.anomalies.map((a) => a.kind);

describe('channel fold: Pusher-protocol sequences', () => {
  it('follows occupancy and presence through join and leave, with a timeline', () => {
    const fold = createChannelFold();
    expect(fold.apply(req([occupied('presence-room-1'), added('presence-room-1', '42')]))).toEqual(['presence-room-1']);
    fold.apply(req([added('presence-room-1', '7')]));
    let d = fold.detail('presence-room-1');
    expect(d).toMatchObject({ name: 'presence-room-1', type: 'presence', occupied: true, anomalyCount: 0 });
    expect(ids(d?.members)).toEqual(['42', '7']);
    fold.apply(req([removed('presence-room-1', '42')]));
    fold.apply(req([removed('presence-room-1', '7'), vacated('presence-room-1')]));
    d = fold.detail('presence-room-1');
    expect(d).toMatchObject({ occupied: false, members: [], anomalies: [] });
    expect(d?.timeline.map((t) => `${t.name}${t.userId ? ' ' + t.userId : ''}`)).toEqual([
      'channel_occupied', 'member_added 42', 'member_added 7', 'member_removed 42', 'member_removed 7', 'channel_vacated',
    ]);
    expect(d?.timelineCount).toBe(6);
    expect(d?.firstEventAt).toBeLessThan(d?.lastEventAt ?? 0);
  });

  it('lists channels with filters (occupied, prefix) and members only where presence applies', () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('private-chat'), occupied('presence-a'), added('presence-a', 'u'), occupied('cache-x'), vacated('cache-x')]));
    expect(fold.list().map((c) => c.name)).toEqual(['cache-x', 'presence-a', 'private-chat']);
    expect(fold.list({ occupied: true }).map((c) => c.name)).toEqual(['presence-a', 'private-chat']);
    expect(fold.list({ occupied: false }).map((c) => c.name)).toEqual(['cache-x']);
    expect(fold.list({ prefix: 'pr' }).map((c) => c.name)).toEqual(['presence-a', 'private-chat']);
    const [presence] = fold.list({ prefix: 'presence-' });
    expect(presence.members).toEqual([{ userId: 'u' }]);
    expect(fold.summary('private-chat')).not.toHaveProperty('members');
  });

  it('keeps sockudo subscription_count and zeroes it on vacate', () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('private-orders'), { name: 'subscription_count', channel: 'private-orders', subscription_count: 2 }]));
    expect(fold.summary('private-orders')).toMatchObject({ occupied: true, subscriptionCount: 2 });
    fold.apply(req([vacated('private-orders')]));
    expect(fold.summary('private-orders')).toMatchObject({ occupied: false, subscriptionCount: 0 });
  });

  it('infers occupancy from members or subscription_count when no channel_occupied was sent', () => {
    const fold = createChannelFold();
    fold.apply(req([added('presence-x', '1'), { name: 'subscription_count', channel: 'public-y', subscription_count: 1 }]));
    expect(fold.summary('presence-x')?.occupied).toBe(true);
    expect(fold.summary('public-y')?.occupied).toBe(true);
  });

  it('updates user_info on sockudo member_updated; client events only touch the timeline', () => {
    const fold = createChannelFold();
    fold.apply(req([added('presence-lobby', 'u-1'), { name: 'member_updated', channel: 'presence-lobby', user_id: 'u-1', user_info: { role: 'admin' } }]));
    fold.apply(req([{ name: 'client_event', channel: 'presence-lobby', event: 'client-typing', user_id: 'u-1' }]));
    const d = fold.detail('presence-lobby');
    expect(d?.members).toEqual([{ userId: 'u-1', userInfo: { role: 'admin' } }]);
    expect(d?.timeline.at(-1)).toMatchObject({ name: 'client_event', event: 'client-typing', userId: 'u-1' });
  });
});

describe('channel fold: anomalies (each with its request id and event index)', () => {
  it('member_added for a user already present', () => {
    const fold = createChannelFold();
    fold.apply(req([added('presence-r', '1')]));
    const r = req([occupied('presence-r'), added('presence-r', '1')]);
    fold.apply(r);
    expect(fold.detail('presence-r')?.anomalies).toEqual([expect.objectContaining({ kind: 'member_added_already_present', requestId: r.id, index: 1 })]);
    expect(fold.summary('presence-r')?.anomalies).toBe(1);
  });

  it('member_removed for a user not present', () => {
    const fold = createChannelFold();
    const r = req([removed('presence-r', 'ghost')]);
    fold.apply(r);
    expect(fold.detail('presence-r')?.anomalies).toEqual([expect.objectContaining({ kind: 'member_removed_not_present', requestId: r.id, index: 0 })]);
    expect(fold.detail('presence-r')?.anomalies[0].message).toContain('ghost');
  });

  it('channel_vacated while members remain and nothing removes them', () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('presence-r'), added('presence-r', '1')]));
    const v = req([vacated('presence-r')]);
    fold.apply(v);
    fold.apply(req([occupied('presence-r')]));
    expect(fold.detail('presence-r')?.anomalies).toEqual([expect.objectContaining({ kind: 'vacated_with_members', requestId: v.id, index: 0 })]);
    // The member stays listed: lost state is shown, not hidden.
    expect(ids(fold.detail('presence-r')?.members)).toEqual(['1']);
  });

  it("soketi's channel_vacated before the last member_removed in one batch is its own kind, and the state ends consistent", () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('presence-room'), added('presence-room', 'u-1')]));
    const batch = req([vacated('cache-prices'), vacated('presence-room'), removed('presence-room', 'u-1')]);
    fold.apply(batch);
    const d = fold.detail('presence-room');
    expect(d?.anomalies).toEqual([expect.objectContaining({ kind: 'vacated_before_last_member_removed', requestId: batch.id, index: 1 })]);
    expect(d).toMatchObject({ occupied: false, members: [] });
  });

  it('the same order across two unbatched requests resolves the same way', () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('presence-room'), added('presence-room', 'a'), added('presence-room', 'b')]));
    fold.apply(req([removed('presence-room', 'a')]));
    fold.apply(req([vacated('presence-room')]));
    expect(kinds(fold, 'presence-room')).toEqual(['vacated_with_members']);
    fold.apply(req([removed('presence-room', 'b')]));
    expect(kinds(fold, 'presence-room')).toEqual(['vacated_before_last_member_removed']);
  });

  it('channel_occupied twice without a vacate', () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('private-x')]));
    const r = req([occupied('private-x')]);
    fold.apply(r);
    expect(fold.detail('private-x')?.anomalies).toEqual([expect.objectContaining({ kind: 'occupied_twice', requestId: r.id, index: 0 })]);
    fold.apply(req([vacated('private-x')]));
    fold.apply(req([occupied('private-x')]));
    expect(fold.detail('private-x')?.anomalyCount).toBe(1);
  });

  it('time_ms going backwards across requests (once per request), not within a batch', () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('private-t')], { time: T0 + 1000 }));
    const back = req([added('private-t', '1'), added('private-t', '2')], { time: T0 + 400 });
    fold.apply(back);
    fold.apply(req([{ ...removed('private-t', '1'), time: T0 + 2000 }, { ...removed('private-t', '2'), time: T0 + 1900 }]));
    const d = fold.detail('private-t');
    expect(d?.anomalies).toEqual([expect.objectContaining({ kind: 'time_went_backwards', requestId: back.id, index: 0 })]);
    expect(d?.anomalies[0].message).toContain('600 ms before');
  });

  it('keeps the newest anomalies and timeline entries within its limits, counting all', () => {
    const fold = createChannelFold({ timeline: 10, anomalies: 3 });
    for (let i = 0; i < 40; i++) fold.apply(req([removed('presence-z', `u${i}`)]));
    const d = fold.detail('presence-z');
    expect(d?.anomalies.length).toBe(3);
    expect(d?.anomalyCount).toBe(40);
    expect(d?.anomalies.at(-1)?.message).toContain('u39');
    expect(d?.timeline.length).toBe(10);
    expect(d?.timelineCount).toBe(40);
  });
});

describe('channel fold: retries and limits', () => {
  it('applies a retried body (attempt > 1) once', () => {
    const fold = createChannelFold();
    const first = req([occupied('private-r'), added('private-r', '1')]);
    fold.apply(first);
    const retry = req([occupied('private-r'), added('private-r', '1')], { attempt: 2, retryOf: first.id });
    expect(fold.apply(retry)).toEqual([]);
    expect(fold.detail('private-r')).toMatchObject({ anomalyCount: 0, timelineCount: 2 });
    expect(fold.asOf).toBe(retry.id);
  });

  it('applies a retry whose first delivery came before the fold started (pruned, cleared)', () => {
    const fold = createChannelFold();
    fold.apply(req([occupied('private-s')], { id: 500 }));
    fold.apply(req([added('private-s', '9')], { attempt: 3, retryOf: 100 }));
    expect(ids(fold.detail('private-s')?.members)).toEqual(['9']);
  });

  it('forgets the least recently active unoccupied channels beyond its cap, never an occupied one first', () => {
    const fold = createChannelFold({ channels: 3 });
    fold.apply(req([occupied('private-keep')]));
    fold.apply(req([{ name: 'client_event', channel: 'a' }, { name: 'client_event', channel: 'b' }, { name: 'client_event', channel: 'c' }]));
    expect(fold.list().map((c) => c.name)).toEqual(['b', 'c', 'private-keep']);
  });

  it('names channel types from their prefix', () => {
    expect(['private-encrypted-x', 'presence-x', 'private-x', 'cache-x', 'private-cache-x', 'x'].map(channelType)).toEqual([
      'encrypted', 'presence', 'private', 'cache', 'private', 'public',
    ]);
  });
});
