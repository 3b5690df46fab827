import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createBinState } from './bin-state.js';
import { createLiveBatcher, type Frame, type LiveBatch } from './live-batch.js';
import { createFakeApi, createFakeLive, settle, summary } from './test-fakes.js';

/** A frame the test runs by hand. */
function manualFrame() {
  const queued: (() => void)[] = [];
  const frame: Frame = (flush) => void queued.push(flush);
  return { frame, run: () => queued.splice(0).forEach((f) => f()), pending: () => queued.length };
}

describe('createLiveBatcher', () => {
  it('applies what arrived within a frame once: requests concatenated, prunes reduced to the highest', () => {
    const f = manualFrame();
    const applied: LiveBatch[] = [];
    const b = createLiveBatcher(f.frame, (x) => applied.push(x));
    b.requests([summary(1), summary(2)]);
    b.pruned(1);
    b.requests([summary(3)]);
    b.pruned(2);
    expect(f.pending()).toBe(1);
    expect(applied).toEqual([]);
    f.run();
    expect(applied.map((x) => [x.requests.map((r) => r.id), x.prunedUpTo])).toEqual([[[1, 2, 3], 2]]);
    f.run();
    expect(applied).toHaveLength(1);
  });

  it("passthrough answers ride in the same frame and land on a request of that frame", () => {
    const f = manualFrame();
    const applied: LiveBatch[] = [];
    const b = createLiveBatcher(f.frame, (x) => applied.push(x));
    b.requests([summary(1), summary(2)]);
    b.answered(2, { status: 201, passthrough: true });
    b.answered(1, { status: 504, passthrough: true });
    expect(f.pending()).toBe(1);
    f.run();
    expect(applied).toHaveLength(1);
    expect([...applied[0].answered]).toEqual([[2, { status: 201, passthrough: true }], [1, { status: 504, passthrough: true }]]);
  });

  it('flushes on demand and drops what is pending on reset', () => {
    const f = manualFrame();
    const applied: number[][] = [];
    const b = createLiveBatcher(f.frame, (x) => applied.push(x.requests.map((r) => r.id)));
    b.requests([summary(1)]);
    b.flush();
    b.requests([summary(2)]);
    b.reset();
    b.requests([summary(3)]);
    f.run();
    expect(applied).toEqual([[1], [3]]);
  });
});

describe('bin state with live messages coalesced per frame', () => {
  it('a flood of messages updates the list once per frame, in order, pruned as the server said', async () => {
    const api = createFakeApi([summary(1)]);
    const live = createFakeLive();
    const f = manualFrame();
    const store = createBinState(api.api, live.connect, {}, f.frame);
    store.open('b');
    await settle();
    live.send({ type: 'hello', bin: 'b', lastId: 1 });
    await settle();
    let updates = 0;
    const stop = effect(() => void (store.requests.value, updates++));
    updates = 0;
    for (let id = 2; id <= 401; id += 2) {
      live.send({ type: 'requests', requests: [summary(id), summary(id + 1)] });
      live.send({ type: 'pruned', upTo: id - 100 });
    }
    expect(live.after()).toBe(401);
    expect(updates).toBe(0);
    f.run();
    stop();
    expect(updates).toBe(1);
    const ids = store.requests.value.map((r) => r.id);
    expect(ids[0]).toBe(401);
    expect(ids.at(-1)).toBe(301);
    expect(ids).toHaveLength(101);
  });

  it('a deleted message sees the requests that came before it in the same frame', async () => {
    const api = createFakeApi([]);
    const live = createFakeLive();
    const f = manualFrame();
    const store = createBinState(api.api, live.connect, {}, f.frame);
    store.open('b');
    await settle();
    live.send({ type: 'requests', requests: [summary(1), summary(2)] });
    live.send({ type: 'deleted', id: 1 });
    expect(store.requests.value.map((r) => r.id)).toEqual([2]);
    live.send({ type: 'requests', requests: [summary(3)] });
    store.close();
    f.run();
    expect(store.requests.value).toEqual([]);
  });
});
