import { describe, expect, it } from 'vitest';
import { emptyFilters } from './filters.js';
import { createViewerState } from './state.js';
import { createFakeApi, createFakeLive, settle, summary } from './test-fakes.js';

function setup(stored = [summary(1), summary(2), summary(3)]) {
  const fake = createFakeApi(stored);
  const live = createFakeLive();
  const state = createViewerState({ api: fake.api, live: live.connect });
  return { api: fake.api, calls: fake.calls, store: fake.state, live, state, ids: () => state.bin.requests.value.map((r) => r.id) };
}

describe('createViewerState: list and live', () => {
  it('loads the first page newest first, then puts live requests on top in order', async () => {
    const t = setup();
    t.state.openBin('b');
    await settle();
    expect(t.ids()).toEqual([3, 2, 1]);
    t.live.send({ type: 'hello', bin: 'b', lastId: 3 });
    t.live.send({ type: 'requests', requests: [summary(4), summary(5)] });
    t.live.send({ type: 'requests', requests: [summary(6)] });
    await settle();
    expect(t.ids()).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('resumes after the highest id seen and drops what a replay repeats', async () => {
    const t = setup();
    t.state.openBin('b');
    await settle();
    expect(t.live.after()).toBe(3);
    t.live.send({ type: 'hello', bin: 'b', lastId: 7 });
    expect(t.live.after()).toBe(7);
    t.live.send({ type: 'requests', requests: [summary(8), summary(9)] });
    expect(t.live.after()).toBe(9);
    // Reconnected with after=8 by a racing socket: 9 comes again, 10 is new.
    t.live.send({ type: 'requests', requests: [summary(9), summary(10)] });
    await settle();
    expect(t.ids().filter((id) => id === 9)).toHaveLength(1);
    expect(t.ids().slice(0, 3)).toEqual([10, 9, 8]);
  });

  it('refetches the first page on the first hello, keeping live arrivals', async () => {
    const t = setup();
    t.state.openBin('b');
    t.live.send({ type: 'hello', bin: 'b', lastId: 3 });
    t.live.send({ type: 'requests', requests: [summary(4)] });
    await settle();
    expect(t.ids()).toEqual([4, 3, 2, 1]);
    expect(t.calls.filter((c) => c.fn === 'listRequests')).toHaveLength(2);
  });

  it('applies deleted, pruned and cleared', async () => {
    const t = setup([1, 2, 3, 4, 5].map((id) => summary(id)));
    t.state.openBin('b');
    await settle();
    t.live.send({ type: 'deleted', id: 4 });
    expect(t.ids()).toEqual([5, 3, 2, 1]);
    t.live.send({ type: 'pruned', upTo: 2 });
    expect(t.ids()).toEqual([5, 3]);
    t.state.select(5);
    t.live.send({ type: 'cleared' });
    expect(t.ids()).toEqual([]);
    expect(t.state.selectedId.value).toBeNull();
  });

  it('marks the bin gone on bin_deleted and reports connection states', async () => {
    const t = setup();
    t.state.openBin('b');
    t.live.setState('reconnecting');
    expect(t.state.bin.connection.value).toBe('reconnecting');
    t.live.setState('live');
    expect(t.state.bin.connection.value).toBe('live');
    t.live.send({ type: 'bin_deleted' });
    expect(t.state.bin.gone.value).toBe(true);
  });

  it('waits for a bin that does not exist yet and follows it once a request creates it', async () => {
    const t = setup([]);
    const list = t.api.listRequests;
    let exists = false;
    t.api.listRequests = async (bin, query) => (exists ? list(bin, query) : { ok: false, status: 404, code: 'bin_not_found', message: 'no bin' });
    t.state.openBin('b');
    await settle();
    expect(t.state.bin.missing.value).toBe(true);
    exists = true;
    t.store.stored.push(summary(1));
    t.live.send({ type: 'hello', bin: 'b', lastId: 1 });
    await settle();
    expect(t.state.bin.missing.value).toBe(false);
    expect(t.ids()).toEqual([1]);
  });

  it('pages older requests with before=<oldest id>', async () => {
    const t = setup(Array.from({ length: 250 }, (_, i) => summary(i + 1)));
    t.state.openBin('b');
    await settle();
    expect(t.state.bin.requests.value).toHaveLength(100);
    expect(t.state.bin.hasMore.value).toBe(true);
    await t.state.bin.loadMore();
    expect(t.calls.at(-1)?.args[1]).toMatchObject({ before: 151 });
    await t.state.bin.loadMore();
    expect(t.state.bin.requests.value).toHaveLength(250);
    expect(t.state.bin.hasMore.value).toBe(false);
    expect(t.ids()[249]).toBe(1);
  });
});

describe('createViewerState: filters', () => {
  it('hides live requests that do not match method, signature or event name', async () => {
    const t = setup([]);
    t.state.openBin('b', { ...emptyFilters, method: 'POST', name: 'member_added' });
    await settle();
    t.live.send({
      type: 'requests',
      requests: [
        summary(1, { eventNames: ['member_added'] }),
        summary(2, { eventNames: ['member_removed'] }),
        summary(3, { method: 'GET', eventNames: ['member_added'] }),
        summary(4, { eventNames: ['channel_vacated', 'member_added'] }),
      ],
    });
    expect(t.ids()).toEqual([4, 1]);
    await t.state.setFilters({ name: '', method: '', signature: 'valid' });
    t.live.send({ type: 'requests', requests: [summary(5, { signature: { scheme: 'pusher', status: 'valid' } }), summary(6)] });
    expect(t.ids()).toEqual([5]);
  });

  it('asks the server about new requests when a channel or text filter is on', async () => {
    const t = setup([summary(1, { path: '/h/b/presence-room' })]);
    t.state.openBin('b', { ...emptyFilters, channel: 'presence-room' });
    await settle();
    expect(t.ids()).toEqual([1]);
    t.live.send({ type: 'hello', bin: 'b', lastId: 1 });
    await settle();
    t.store.stored.push(summary(2, { path: '/h/b/other' }), summary(3, { path: '/h/b/presence-room' }));
    t.live.send({ type: 'requests', requests: [summary(2), summary(3)] });
    await settle();
    expect(t.ids()).toEqual([3, 1]);
    expect(t.calls.at(-1)?.args[1]).toMatchObject({ channel: 'presence-room', after: 1 });
  });

  it('writes filters and the selection into the location', async () => {
    const t = setup();
    t.state.openBin('my-app', { ...emptyFilters, name: 'member_added' });
    expect(t.state.location.value).toBe('/b/my-app?name=member_added');
    t.state.select(2);
    await t.state.setFilters({ signature: 'invalid' });
    expect(t.state.location.value).toBe('/b/my-app?name=member_added&signature=invalid&req=2');
    t.state.openHome();
    expect(t.state.location.value).toBe('/');
  });
});

describe('createViewerState: selection and detail', () => {
  it('moves with next/prev, clamped at both ends, and loads the detail', async () => {
    const t = setup();
    t.state.openBin('b');
    await settle();
    t.state.selectNext();
    expect(t.state.selectedId.value).toBe(3);
    t.state.selectNext();
    t.state.selectNext();
    t.state.selectNext();
    expect(t.state.selectedId.value).toBe(1);
    t.state.selectPrev();
    expect(t.state.selectedId.value).toBe(2);
    await settle();
    const detail = t.state.detail.value;
    expect(detail.status === 'ready' && detail.detail.id).toBe(2);
    t.state.closeDetail();
    expect(t.state.detail.value.status).toBe('none');
  });

  it('deleting the selected request selects its older neighbour', async () => {
    const t = setup();
    t.state.openBin('b');
    await settle();
    t.state.select(2);
    await t.state.deleteRequest(2);
    expect(t.ids()).toEqual([3, 1]);
    expect(t.state.selectedId.value).toBe(1);
  });

  it('a new secret refetches the list and the open detail so badges update', async () => {
    const t = setup();
    t.state.openBin('b');
    await settle();
    t.state.select(3);
    await settle();
    const result = await t.state.updateSecrets({ pusher: [{ key: 'app-key', secret: 'app-secret' }] });
    expect(result.ok).toBe(true);
    await settle();
    expect(t.state.bin.requests.value.map((r) => r.signature.status)).toEqual(['valid', 'valid', 'valid']);
    const detail = t.state.detail.value;
    expect(detail.status === 'ready' && detail.detail.signature.status).toBe('valid');
  });

  it("a live 'bin' message refetches too", async () => {
    const t = setup();
    t.state.openBin('b');
    await settle();
    t.state.select(1);
    await settle();
    t.store.stored = [1, 2, 3].map((id) => summary(id, { signature: { scheme: 'pusher', status: 'valid' } }));
    t.live.send({ type: 'bin', bin: { ...t.store.bin, pusher: [{ key: 'app-key', secret: '***cret' }] } });
    await settle();
    expect(t.state.bin.requests.value.every((r) => r.signature.status === 'valid')).toBe(true);
    const detail = t.state.detail.value;
    expect(detail.status === 'ready' && detail.detail.signature.status).toBe('valid');
  });

  it("a live 'answered' message sets a passthrough row's status and reloads its open detail", async () => {
    const t = setup([summary(1), summary(2, { response: { status: 0, passthrough: true } })]);
    t.state.openBin('b');
    await settle();
    t.state.select(2);
    await settle();
    const fetches = () => t.calls.filter((c) => c.fn === 'getRequest').length;
    const before = fetches();
    t.store.stored = [summary(1), summary(2, { response: { status: 503, passthrough: true } })];
    t.live.send({ type: 'answered', id: 2, response: { status: 503, passthrough: true } });
    await settle();
    expect(t.state.bin.requests.value.find((r) => r.id === 2)?.response).toEqual({ status: 503, passthrough: true });
    expect(fetches()).toBe(before + 1);
    const detail = t.state.detail.value;
    expect(detail.status === 'ready' && detail.detail.response).toEqual({ status: 503, passthrough: true });
  });
});
