// Asserting on webhooks with hookscope: each test gets a fresh bin carrying the app's Pusher
// credentials, drives the system under test, then waits for (or rules out) the events it expects.
import { createHmac } from 'node:crypto';
import { hookscope, type HookscopeBin, HookscopeWaitError } from 'hookscope/client';
import { beforeEach, expect, inject, it } from 'vitest';

const app = { key: 'app-key', secret: 'app-secret' };
const hs = hookscope(inject('hookscopeUrl'));
let bin: HookscopeBin;

beforeEach(async () => {
  // Point the broadcast server's webhook URL at bin.url (soketi: webhooks[].url; sockudo: webhooks.url).
  bin = await hs.createBin({ pusher: [app] });
});

it('announces a member joining a presence channel, correctly signed', async () => {
  await systemUnderTest.join('presence-room-1', '42');

  const event = await bin.waitForEvent(
    { name: 'member_added', channel: 'presence-room-1', userId: '42' },
    { timeout: 2000, signature: 'valid' },
  );
  expect(event.request.signature.status).toBe('valid');
});

it('sees events in any order when waiting for them together', async () => {
  await systemUnderTest.join('presence-room-2', '7');

  // Each wait starts after the previous wait's match: wait together when the order is not fixed.
  const [occupied, added] = await Promise.all([
    bin.waitForEvent({ name: 'channel_occupied', channel: 'presence-room-2' }),
    bin.waitForEvent({ name: 'member_added', channel: 'presence-room-2' }),
  ]);
  expect(added.userId).toBe('7');
  expect(occupied.channel).toBe('presence-room-2');
});

it('does not vacate a channel that still has members', async () => {
  await systemUnderTest.join('presence-room-3', '1');
  await systemUnderTest.join('presence-room-3', '2');
  await systemUnderTest.leave('presence-room-3', '1');

  await bin.waitForEvent({ name: 'member_removed', channel: 'presence-room-3', userId: '1' });
  await bin.expectNoEvent({ name: 'channel_vacated', channel: 'presence-room-3' }, { within: 500 });
});

it('says what came instead when the expected event does not', async () => {
  await systemUnderTest.join('presence-room-4', '9');

  const error = await bin.waitForEvent({ name: 'member_added', channel: 'presence-room-5' }, { timeout: 300 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HookscopeWaitError);
  // "expected member_added on presence-room-5 within 300 ms; got: member_added presence-room-4 user 9 (channel differs), ..."
  expect((error as HookscopeWaitError).message).toContain('member_added presence-room-4 user 9 (channel differs)');
});

it('alice and bob are in the room, then only bob', async () => {
  await systemUnderTest.join('presence-room-6', 'alice');
  await systemUnderTest.join('presence-room-6', 'bob');
  // The state hookscope derives from every webhook, in order, whatever the batching.
  const room = await bin.waitForChannel('presence-room-6', { occupied: true, members: ['alice', 'bob'], timeout: 2000 });
  expect(room.anomalies).toEqual([]);

  await systemUnderTest.leave('presence-room-6', 'alice');
  await bin.waitForChannel('presence-room-6', { members: ['bob'] });
  await bin.expectSequence([
    { name: 'member_added', channel: 'presence-room-6', userId: 'bob' },
    { name: 'member_removed', channel: 'presence-room-6', userId: 'alice' },
  ], { after: 0 });
});

// A stand-in for the real system (soketi, sockudo, Pusher, your app): it sends signed Pusher
// webhooks to the bin, the way a broadcast server does. In a real suite, connect clients instead.
const membersOf = new Map<string, Set<string>>();
const systemUnderTest = {
  async join(channel: string, userId: string): Promise<void> {
    const members = membersOf.get(channel) ?? new Set<string>();
    const events = members.size === 0 ? [{ name: 'channel_occupied', channel }] : [];
    members.add(userId);
    membersOf.set(channel, members);
    await sendWebhook([...events, { name: 'member_added', channel, user_id: userId }]);
  },
  async leave(channel: string, userId: string): Promise<void> {
    const members = membersOf.get(channel);
    members?.delete(userId);
    const events = members?.size === 0 ? [{ name: 'channel_vacated', channel }] : [];
    await sendWebhook([{ name: 'member_removed', channel, user_id: userId }, ...events]);
  },
};

async function sendWebhook(events: object[]): Promise<void> {
  const body = JSON.stringify({ time_ms: Date.now(), events });
  const signature = createHmac('sha256', app.secret).update(body).digest('hex');
  await fetch(bin.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Pusher-Key': app.key, 'X-Pusher-Signature': signature },
    body,
  });
}
