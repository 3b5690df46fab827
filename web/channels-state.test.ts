import { describe, expect, it, vi } from 'vitest';
import type { ChannelDetail, ChannelSummary } from '../core/wire.js';
import { createChannelsState, mergeChannels, TIMING_REFRESH_MS } from './channels-state.js';
import { createFakeApi, settle } from './test-fakes.js';

const summary = (name: string, occupied: boolean, members?: string[]): ChannelSummary => ({
  name, type: name.startsWith('presence-') ? 'presence' : 'public', occupied, firstEventAt: 1, lastEventAt: 2, anomalies: 0,
  ...(members && { members: members.map((userId) => ({ userId })) }),
});
const detail = (name: string, members: string[]): ChannelDetail => ({
  name, type: 'presence', occupied: members.length > 0, members: members.map((userId) => ({ userId })), firstEventAt: 1, lastEventAt: 2,
  timeline: [], timelineCount: 0, anomalies: [], anomalyCount: 0, asOf: 1,
});

describe('channels state', () => {
  it('loads the list (occupied first) and the selected channel, then follows channels messages', async () => {
    const { api, state, calls } = createFakeApi();
    state.channels = [summary('a-public', false), summary('presence-room-1', true, ['alice'])];
    state.details.set('presence-room-1', detail('presence-room-1', ['alice']));
    const ch = createChannelsState(api);
    ch.open('b', 'presence-room-1');
    await settle();
    expect(ch.channels.value.map((c) => c.name)).toEqual(['presence-room-1', 'a-public']);
    expect(ch.detail.value?.members).toEqual([{ userId: 'alice' }]);

    state.details.set('presence-room-1', detail('presence-room-1', ['alice', 'bob']));
    ch.onMessage({ type: 'channels', changed: [summary('presence-room-1', true, ['alice', 'bob']), summary('new-one', true)] });
    await settle();
    expect(ch.channels.value.map((c) => [c.name, c.members?.length])).toEqual([['new-one', undefined], ['presence-room-1', 2], ['a-public', undefined]]);
    expect(ch.detail.value?.members.map((m) => m.userId)).toEqual(['alice', 'bob']);

    const before = calls.filter((c) => c.fn === 'getChannel').length;
    ch.onMessage({ type: 'channels', changed: [summary('a-public', true)] });
    await settle();
    expect(calls.filter((c) => c.fn === 'getChannel').length).toBe(before);
  });

  it('empties on cleared, reloads the list on a reconnect, forgets everything on close', async () => {
    const { api, state, calls } = createFakeApi();
    state.channels = [summary('presence-x', true, ['u'])];
    const ch = createChannelsState(api);
    ch.open('b');
    await settle();
    ch.onMessage({ type: 'cleared' });
    expect(ch.channels.value).toEqual([]);
    ch.onMessage({ type: 'hello', bin: 'b', lastId: 0 });
    await settle();
    expect(ch.channels.value.map((c) => c.name)).toEqual(['presence-x']);
    expect(calls.filter((c) => c.fn === 'listChannels').length).toBe(2);
    ch.close();
    expect(ch.binId.value).toBeNull();
    ch.onMessage({ type: 'channels', changed: [summary('late', true)] });
    expect(ch.channels.value).toEqual([]);
  });

  it('fetches the timing only while the Channels tab is shown, at most once a second while requests arrive', async () => {
    const { api, state, calls } = createFakeApi();
    state.timing = { requests: 1 } as never;
    const timings = () => calls.filter((c) => c.fn === 'getTiming').length;
    const ch = createChannelsState(api);
    ch.open('b');
    await settle();
    ch.onMessage({ type: 'requests', requests: [] });
    expect(timings()).toBe(0);
    vi.useFakeTimers();
    try {
      ch.show(true);
      await settle();
      expect(timings()).toBe(1);
      ch.onMessage({ type: 'requests', requests: [] });
      ch.onMessage({ type: 'requests', requests: [] });
      await vi.advanceTimersByTimeAsync(TIMING_REFRESH_MS);
      expect(timings()).toBe(2);
      ch.show(false);
      ch.onMessage({ type: 'requests', requests: [] });
      await vi.advanceTimersByTimeAsync(TIMING_REFRESH_MS * 2);
      expect(timings()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('merges changed channels over the list by name', () => {
    expect(mergeChannels([summary('b', false), summary('a', false)], [summary('b', true)]).map((c) => [c.name, c.occupied])).toEqual([['b', true], ['a', false]]);
  });
});
