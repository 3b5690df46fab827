import { describe, expect, it } from 'vitest';
import type { FoldRequest } from '../../core/channels/index.js';
import type { RequestSummary } from '../../core/wire.js';
import { createHub } from '../live/hub.js';
import { createChannelStates } from './channel-states.js';
import type { StoredRequests } from './stored-requests.js';

/** A bin's stored requests in memory, read the way stored-requests.ts reads them. */
function fakeStore() {
  const rows = new Map<string, FoldRequest[]>();
  let reads = 0;
  const reader = {
    async page(binId: string, after: number, max: number, upTo = Infinity) {
      reads++;
      return (rows.get(binId) ?? []).filter((r) => r.id > after && r.id <= upTo).slice(0, max);
    },
    async byIds(binId: string, ids: readonly number[]) {
      return new Map((rows.get(binId) ?? []).filter((r) => ids.includes(r.id)).map((r) => [r.id, r]));
    },
    async recentDeliveries() {
      return [];
    },
  } satisfies StoredRequests;
  return { rows, reader, reads: () => reads };
}

let nextId = 0;
function stored(store: ReturnType<typeof fakeStore>, binId: string, events: { name: string; channel: string; userId?: string }[]): RequestSummary {
  const id = ++nextId;
  const r: FoldRequest = { id, receivedAt: 1000 + id, events: events.map((e, index) => ({ ...e, index, raw: e })) };
  store.rows.set(binId, [...(store.rows.get(binId) ?? []), r]);
  return { id, eventCount: events.length, receivedAt: r.receivedAt } as RequestSummary;
}
const join = (channel: string, userId: string) => ({ name: 'member_added', channel, userId });
const members = (fold: Awaited<ReturnType<ReturnType<typeof createChannelStates>['use']>>, name: string) => fold.summary(name)?.members?.map((m) => m.userId);

describe('channel states', () => {
  it('builds from the stored requests in pages, then sees every commit before answering (read your writes)', async () => {
    const store = fakeStore();
    const hub = createHub();
    const states = createChannelStates({ hub, reader: store.reader });
    for (let i = 0; i < 600; i++) stored(store, 'b', [join('presence-a', `u${i}`)]);
    expect((await states.use('b')).summary('presence-a')?.members?.length).toBe(600);
    expect(store.reads()).toBe(3); // 256 + 256 + 88
    const s = stored(store, 'b', [join('presence-a', 'late')]);
    hub.publish('b', { type: 'requests', requests: [s] });
    expect(members(await states.use('b'), 'presence-a')).toContain('late');
  });

  it('a commit during the build is applied once; a request gone before it was read counts as seen', async () => {
    const store = fakeStore();
    const hub = createHub();
    const states = createChannelStates({ hub, reader: store.reader });
    const first = stored(store, 'b', [join('presence-a', 'x')]);
    const building = states.use('b');
    hub.publish('b', { type: 'requests', requests: [first] });
    const gone = { id: ++nextId, eventCount: 1, receivedAt: 5 } as RequestSummary;
    hub.publish('b', { type: 'requests', requests: [gone] });
    await building;
    const fold = await states.use('b');
    expect(fold.detail('presence-a')).toMatchObject({ timelineCount: 1, anomalyCount: 0 });
    expect(fold.asOf).toBe(gone.id);
  });

  it('a clear resets the state; what comes after it counts', async () => {
    const store = fakeStore();
    const hub = createHub();
    const states = createChannelStates({ hub, reader: store.reader });
    stored(store, 'b', [join('presence-a', 'old')]);
    await states.use('b');
    store.rows.set('b', []);
    hub.publish('b', { type: 'cleared' });
    const s = stored(store, 'b', [join('presence-a', 'new')]);
    hub.publish('b', { type: 'requests', requests: [s] });
    expect(members(await states.use('b'), 'presence-a')).toEqual(['new']);
  });

  it('tells watchers what changed, and that the bin is gone', async () => {
    const store = fakeStore();
    const hub = createHub();
    const states = createChannelStates({ hub, reader: store.reader });
    const seen: (string[] | 'all' | null)[] = [];
    const w = await states.watch('b', (changed) => seen.push(changed));
    hub.publish('b', { type: 'requests', requests: [stored(store, 'b', [join('presence-a', '1'), join('presence-c', '2')])] });
    await states.use('b');
    hub.publish('b', { type: 'cleared' });
    await states.use('b');
    hub.publish('b', { type: 'bin_deleted' });
    expect(seen).toEqual([['presence-a', 'presence-c'], 'all', null]);
    expect(states.size()).toBe(0);
    w.stop();
  });

  it('keeps at most maxBins states, dropping the least recently used without a watcher', async () => {
    const store = fakeStore();
    const hub = createHub();
    const states = createChannelStates({ hub, reader: store.reader, maxBins: 2 });
    const w = await states.watch('watched', () => undefined);
    await states.use('a');
    await states.use('b');
    expect(states.size()).toBe(2);
    await states.use('watched');
    await states.use('c');
    expect(states.size()).toBe(2);
    expect(states.waiters()).toBe(1);
    w.stop();
  });

  it('publishes { type: channels } only to bins with live subscribers', async () => {
    const store = fakeStore();
    const hub = createHub();
    const states = createChannelStates({ hub, reader: store.reader });
    const got: string[] = [];
    await states.use('quiet');
    await states.use('loud');
    const off = hub.subscribe('loud', (_bin, m) => void (m.type === 'channels' && got.push(m.changed.map((c) => c.name).join())));
    const all: string[] = [];
    const offAll = hub.subscribeAll((bin, m) => void (m.type === 'channels' && all.push(bin)));
    hub.publish('quiet', { type: 'requests', requests: [stored(store, 'quiet', [join('presence-q', '1')])] });
    hub.publish('loud', { type: 'requests', requests: [stored(store, 'loud', [join('presence-l', '1')])] });
    await states.use('quiet');
    await states.use('loud');
    expect(got).toEqual(['presence-l']);
    expect(all).toEqual(['loud']);
    off();
    offAll();
  });
});
