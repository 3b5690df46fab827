// The client's waits and events against a real server: the cursor rules, messages naming what came
// instead, expectNoEvent both ways, signature filters, aborts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { hookscope, HookscopeUnexpectedEventError, HookscopeWaitError, type HookscopeClient } from '../sdk/index.js';
import { KEY, SECRET, memberAdded, occupied, sendPusher, vacated } from './client-helpers.js';
import { testDb } from './helpers/test-db.js';

let server: HookscopeServer;
let hs: HookscopeClient;
beforeAll(async () => {
  server = await startHookscope({ port: 0, db: await testDb(), quiet: true });
  hs = hookscope(server.url);
});
afterAll(() => server.close());

const signedBin = () => hs.createBin({ pusher: [{ key: KEY, secret: SECRET }] });

describe('waitForEvent', () => {
  it('sees an event sent before the wait call (no race), with its request and signature verdict', async () => {
    const bin = await signedBin();
    const id = await sendPusher(bin.url, [occupied('presence-room-1'), memberAdded('presence-room-1', '42')]);
    const e = await bin.waitForEvent({ name: 'member_added', channel: 'presence-room-1', userId: '42' }, { timeout: 2000 });
    expect(e).toMatchObject({ name: 'member_added', channel: 'presence-room-1', userId: '42', requestId: id, index: 1 });
    expect(e.request).toMatchObject({ id, method: 'POST', signature: { status: 'valid', scheme: 'pusher' } });
    expect(bin.cursor).toBe(`${id}:1`);
  });

  it('resolves the moment a matching event arrives', async () => {
    const bin = await signedBin();
    const waiting = bin.waitForEvent({ name: 'channel_vacated' }, { timeout: 5000 });
    await sendPusher(bin.url, [occupied('c1')]);
    await sendPusher(bin.url, [vacated('c1')]);
    const started = Date.now();
    expect((await waiting).channel).toBe('c1');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('starts each wait after the previous match: same-batch siblings are found, a match is not matched twice', async () => {
    const bin = await signedBin();
    await sendPusher(bin.url, [memberAdded('p', '1'), memberAdded('p', '2')]);
    expect((await bin.waitForEvent({ name: 'member_added' }, { timeout: 1000 })).userId).toBe('1');
    expect((await bin.waitForEvent({ name: 'member_added' }, { timeout: 1000 })).userId).toBe('2');
    await expect(bin.waitForEvent({ name: 'member_added' }, { timeout: 200 })).rejects.toBeInstanceOf(HookscopeWaitError);
    // after: 0 looks at everything stored again.
    expect((await bin.waitForEvent({ name: 'member_added' }, { timeout: 200, after: 0 })).userId).toBe('1');
  });

  it("after: 'now' ignores what is stored; an opened bin starts after its newest request; clear starts over", async () => {
    const bin = await signedBin();
    await sendPusher(bin.url, [occupied('old')]);
    await expect(bin.waitForEvent({ name: 'channel_occupied' }, { timeout: 150, after: 'now' })).rejects.toBeInstanceOf(HookscopeWaitError);
    const opened = await hs.bin(bin.id);
    await expect(opened.waitForEvent({ name: 'channel_occupied' }, { timeout: 150 })).rejects.toThrow(/got: nothing/);
    const later = opened.waitForEvent({ name: 'channel_occupied' }, { timeout: 3000 });
    await sendPusher(bin.url, [occupied('new')]);
    expect((await later).channel).toBe('new');
    await bin.clear();
    await sendPusher(bin.url, [occupied('after-clear')]);
    expect((await bin.waitForEvent({ name: 'channel_occupied' }, { timeout: 1000 })).channel).toBe('after-clear');
  });

  it('rejects with a message naming what arrived instead, and the near misses', async () => {
    const bin = await signedBin();
    await sendPusher(bin.url, [occupied('presence-room-1')]);
    await sendPusher(bin.url, [memberAdded('presence-room-2', '42')]);
    const err = await bin.waitForEvent({ name: 'member_added', channel: 'presence-room-1' }, { timeout: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HookscopeWaitError);
    const message = (err as HookscopeWaitError).message;
    expect(message).toMatch(/^expected member_added on presence-room-1 within 300 ms; got: /);
    expect(message).toContain('member_added presence-room-2 user 42 (channel differs)');
    expect(message).toContain('channel_occupied presence-room-1');
    const misses = (err as HookscopeWaitError).nearMisses;
    expect(misses.map((m) => m.event?.name).sort()).toEqual(['channel_occupied', 'member_added']);
    expect(misses.find((m) => m.event?.name === 'member_added')?.differs).toEqual(['channel']);
  });

  it("filters on the signature verdict and says when it is the signature that differs", async () => {
    const bin = await hs.createBin({ pusher: [{ key: KEY, secret: SECRET }] });
    await sendPusher(bin.url, [memberAdded('p', '7')], 'a-wrong-secret');
    const err = await bin.waitForEvent({ name: 'member_added' }, { timeout: 200, signature: 'valid' }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('expected member_added with signature valid within 200 ms; got: member_added p user 7 (signature invalid)');
    await sendPusher(bin.url, [memberAdded('p', '8')]);
    const ok = await bin.waitForEvent({ name: 'member_added' }, { timeout: 1000, signature: 'valid' });
    expect(ok).toMatchObject({ userId: '8', request: { signature: { status: 'valid' } } });
  });

  it('with no filter waits for any event, skipping requests that carry none', async () => {
    const bin = await signedBin();
    const waiting = bin.waitForEvent({}, { timeout: 3000 });
    await fetch(bin.url, { method: 'POST', body: 'not a webhook' });
    const id = await sendPusher(bin.url, [occupied('c9')]);
    expect(await waiting).toMatchObject({ name: 'channel_occupied', requestId: id });
    await fetch(bin.url, { method: 'POST', body: 'still not one' });
    await bin.expectNoEvent({}, { within: 150 });
    await expect(bin.waitForEvent({}, { timeout: -1 })).rejects.toThrow(RangeError);
  });

  it('can be aborted', async () => {
    const bin = await signedBin();
    const controller = new AbortController();
    const waiting = bin.waitForEvent({ name: 'never' }, { timeout: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('test over')), 50);
    await expect(waiting).rejects.toThrow('test over');
  });
});

describe('expectNoEvent', () => {
  it('resolves when nothing matching arrives within the window (other events may)', async () => {
    const bin = await signedBin();
    await sendPusher(bin.url, [occupied('presence-1')]);
    const started = Date.now();
    await bin.expectNoEvent({ name: 'channel_vacated', channel: 'presence-1' }, { within: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('rejects naming the event that did arrive, stored or arriving in the window', async () => {
    const bin = await signedBin();
    const watching = bin.expectNoEvent({ name: 'channel_vacated' }, { within: 3000 }).catch((e: unknown) => e);
    const id = await sendPusher(bin.url, [vacated('presence-1')]);
    const err = await watching;
    expect(err).toBeInstanceOf(HookscopeUnexpectedEventError);
    expect((err as Error).message).toBe(`expected no channel_vacated within 3000 ms; got: channel_vacated presence-1 (request ${id})`);
    expect((err as HookscopeUnexpectedEventError).event).toMatchObject({ name: 'channel_vacated', request: { id } });
    // Already stored after the cursor: fails at once.
    await expect(bin.expectNoEvent({ name: 'channel_vacated' }, { within: 100 })).rejects.toBeInstanceOf(HookscopeUnexpectedEventError);
  });
});

describe('waitForRequest and events', () => {
  it('waits for a request by method and returns it in full', async () => {
    const bin = await hs.createBin();
    const waiting = bin.waitForRequest({ method: 'put' }, { timeout: 3000 });
    await fetch(bin.url + '/x', { method: 'POST', body: 'first' });
    await fetch(bin.url + '/y?z=1', { method: 'PUT', body: 'second' });
    const r = await waiting;
    expect(r).toMatchObject({ method: 'PUT', path: `/h/${bin.id}/y`, query: 'z=1', body: 'second' });
    await expect(bin.waitForRequest({ method: 'DELETE' }, { timeout: 100 })).rejects.toThrow(/^expected a request via DELETE within 100 ms; got: /);
  });

  it('lists decoded events with filters, newest first, each with its request', async () => {
    const bin = await signedBin();
    const a = await sendPusher(bin.url, [occupied('p1'), memberAdded('p1', '1')]);
    const b = await sendPusher(bin.url, [memberAdded('p2', '2')]);
    const all = await bin.events();
    expect(all.map((e) => `${e.requestId}:${e.index}`)).toEqual([`${b}:0`, `${a}:1`, `${a}:0`]);
    expect(all[0].request.signature.status).toBe('valid');
    expect((await bin.events({ name: 'member_added', channel: 'p1' })).map((e) => e.userId)).toEqual(['1']);
    expect((await bin.events({ userId: '2' })).map((e) => e.channel)).toEqual(['p2']);
    expect((await bin.events({ after: `${a}:0` })).map((e) => e.name)).toEqual(['member_added', 'member_added']);
    expect(await bin.events({ limit: 1 })).toHaveLength(1);
  });
});
