// hookscope/client: bin.channels(), bin.channel(), bin.waitForChannel(), bin.waitForEvents(),
// bin.expectSequence() and bin.timing() against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { hookscope, HookscopeChannelWaitError, HookscopeSequenceError, HookscopeWaitError, type HookscopeClient } from '../sdk/index.js';
import { KEY, memberAdded, occupied, SECRET, sendPusher, vacated } from './client-helpers.js';

let s: HookscopeServer;
let hs: HookscopeClient;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true });
  hs = hookscope(s.url);
});
afterAll(() => s.close());

const removed = (channel: string, user: string) => ({ name: 'member_removed', channel, user_id: user });
const newBin = () => hs.createBin({ pusher: [{ key: KEY, secret: SECRET }] });

describe('client: channel state', () => {
  it('channels(), channels({ occupied, prefix }), channel(name) and channel(name, { at })', async () => {
    const bin = await newBin();
    const first = await sendPusher(bin.url, [occupied('presence-room-1'), memberAdded('presence-room-1', 'alice')]);
    await sendPusher(bin.url, [memberAdded('presence-room-1', 'bob'), occupied('private-x'), vacated('private-x')]);
    expect((await bin.channels()).map((c) => c.name)).toEqual(['presence-room-1', 'private-x']);
    expect((await bin.channels({ occupied: true })).map((c) => c.name)).toEqual(['presence-room-1']);
    expect((await bin.channels({ prefix: 'private-' })).map((c) => c.name)).toEqual(['private-x']);
    const room = await bin.channel('presence-room-1');
    expect(room.members.map((m) => m.userId)).toEqual(['alice', 'bob']);
    expect(room.timeline.map((t) => t.name)).toEqual(['channel_occupied', 'member_added', 'member_added']);
    const then = await bin.channel('presence-room-1', { at: first });
    expect(then.members.map((m) => m.userId)).toEqual(['alice']);
    await expect(bin.channel('presence-none')).rejects.toMatchObject({ status: 404, code: 'channel_not_found' });
  });

  it('waitForChannel resolves when the exact member set is present, whatever the order', async () => {
    const bin = await newBin();
    const waiting = bin.waitForChannel('presence-room-1', { occupied: true, members: ['bob', 'alice'], timeout: 5000 });
    await sendPusher(bin.url, [occupied('presence-room-1'), memberAdded('presence-room-1', 'alice')]);
    await sendPusher(bin.url, [memberAdded('presence-room-1', 'bob')]);
    const state = await waiting;
    expect(state).toMatchObject({ name: 'presence-room-1', occupied: true });
    expect(state.members.map((m) => m.userId).sort()).toEqual(['alice', 'bob']);
    // Already true: answers at once.
    expect((await bin.waitForChannel('presence-room-1', { members: ['alice', 'bob'], timeout: 0 })).occupied).toBe(true);
  });

  it('waitForChannel rejects with the state it last saw', async () => {
    const bin = await newBin();
    await sendPusher(bin.url, [occupied('presence-room-1'), memberAdded('presence-room-1', 'alice')]);
    const err = (await bin.waitForChannel('presence-room-1', { members: ['alice', 'bob'], timeout: 200 }).catch((e: unknown) => e)) as HookscopeChannelWaitError;
    expect(err).toBeInstanceOf(HookscopeChannelWaitError);
    expect(err).toBeInstanceOf(HookscopeWaitError);
    expect(err.channel?.members.map((m) => m.userId)).toEqual(['alice']);
    expect(err.message).toMatch(/^expected presence-room-1 with members \[alice, bob\] within 200 ms; last seen: occupied, members \[alice\] \(as of request \d+\)$/);
    const never = (await bin.waitForChannel('presence-other', { occupied: true, timeout: 100 }).catch((e: unknown) => e)) as HookscopeChannelWaitError;
    expect(never.message).toContain('last seen: never seen');
  });

  it('timing() reports the deliveries', async () => {
    const bin = await newBin();
    await sendPusher(bin.url, [occupied('private-a'), vacated('private-a')]);
    await sendPusher(bin.url, [occupied('private-a')]);
    const t = await bin.timing();
    expect(t).toMatchObject({ requests: 2, eventsPerRequest: { min: 1, max: 2 }, sender: { name: 'pusher-compatible' } });
  });
});

describe('client: waitForEvents and expectSequence', () => {
  it('waitForEvents gives the first `count` matches in order, and the next wait starts after them', async () => {
    const bin = await newBin();
    const waiting = bin.waitForEvents({ name: 'member_added', channel: 'presence-r' }, { count: 3, timeout: 5000 });
    await sendPusher(bin.url, [memberAdded('presence-r', '1'), memberAdded('presence-other', 'x'), memberAdded('presence-r', '2')]);
    await sendPusher(bin.url, [memberAdded('presence-r', '3'), memberAdded('presence-r', '4')]);
    expect((await waiting).map((e) => e.userId)).toEqual(['1', '2', '3']);
    expect((await bin.waitForEvent({ name: 'member_added', channel: 'presence-r' }, { timeout: 1000 })).userId).toBe('4');
  });

  it('waitForEvents rejects with the matches that came', async () => {
    const bin = await newBin();
    await sendPusher(bin.url, [memberAdded('presence-r', '1'), memberAdded('presence-r', '2')]);
    const err = (await bin.waitForEvents({ name: 'member_added' }, { count: 3, timeout: 200 }).catch((e: unknown) => e)) as HookscopeSequenceError;
    expect(err).toBeInstanceOf(HookscopeSequenceError);
    expect(err.matched.map((e) => e.userId)).toEqual(['1', '2']);
    expect(err.message).toMatch(/^expected 3 × member_added within 200 ms; got 2: member_added presence-r user 1 \(request \d+\), member_added presence-r user 2/);
    await expect(bin.waitForEvents({ name: 'x' }, { count: 0 })).rejects.toThrow(RangeError);
  });

  it('expectSequence resolves when the steps come in order, with other events between', async () => {
    const bin = await newBin();
    const seq = bin.expectSequence(
      [
        { name: 'channel_occupied', channel: 'presence-s' },
        { name: 'member_added', channel: 'presence-s', userId: '42' },
        { name: 'member_removed', channel: 'presence-s', userId: '42' },
        { name: 'channel_vacated', channel: 'presence-s' },
      ],
      { within: 5000, ordered: true },
    );
    await sendPusher(bin.url, [occupied('presence-s'), memberAdded('presence-s', '7'), memberAdded('presence-s', '42')]);
    await sendPusher(bin.url, [removed('presence-s', '42'), removed('presence-s', '7'), vacated('presence-s')]);
    expect((await seq).map((e) => `${e.name}${e.userId ? ' ' + e.userId : ''}`)).toEqual(['channel_occupied', 'member_added 42', 'member_removed 42', 'channel_vacated']);
  });

  it('expectSequence rejects when a step came before the one it must follow, saying so', async () => {
    const bin = await newBin();
    await sendPusher(bin.url, [vacated('presence-o'), removed('presence-o', '1')]);
    const err = (await bin.expectSequence([{ name: 'member_removed', channel: 'presence-o', userId: '1' }, { name: 'channel_vacated', channel: 'presence-o' }], { within: 200 }).catch((e: unknown) => e)) as HookscopeSequenceError;
    expect(err).toBeInstanceOf(HookscopeSequenceError);
    expect(err.matched.map((e) => e.name)).toEqual(['member_removed']);
    expect(err.message).toContain('step 2 (channel_vacated on presence-o) arrived before step 1: channel_vacated presence-o');
    await expect(bin.expectSequence([{ name: 'x' }], { ordered: false as unknown as true })).rejects.toThrow(RangeError);
  });
});
