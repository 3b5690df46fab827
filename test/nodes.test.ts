// Several hookscope nodes on one PostgreSQL database (issue 15): what one node captures or changes is
// seen by the other's API, live sockets and waits, in id order, once; background jobs run once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope, type StartOptions } from '../server/start.js';
import { json, patch, post, send } from './helpers/http.js';
import { newPgDatabase } from './helpers/test-db.js';
import { type Client, connect, type Message, wsUrl } from './live-helpers.js';

const started: HookscopeServer[] = [];
const sockets: Client[] = [];
afterEach(async () => {
  for (const c of sockets.splice(0)) c.close();
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function nodes(n: number, options: StartOptions = {}): Promise<HookscopeServer[]> {
  const db = await newPgDatabase();
  // Started together: the migrations of a fresh database must take turns (advisory lock).
  const list = await Promise.all(Array.from({ length: n }, () => startHookscope({ port: 0, db, quiet: true, ...options })));
  started.push(...list);
  return list;
}

async function socket(node: HookscopeServer, bin: string): Promise<Client> {
  const c = await connect(wsUrl(node.url, `/api/bins/${bin}/live`));
  sockets.push(c);
  await c.until(() => c.messages.some((m) => m.type === 'hello'), 'hello');
  return c;
}

const requestIds = (messages: Message[]): number[] =>
  messages.filter((m) => m.type === 'requests').flatMap((m) => (m.requests as { id: number }[]).map((r) => r.id));

const capture = async (node: HookscopeServer, bin: string, body: string): Promise<number> => {
  const res = await send(`${node.url}/h/${bin}`, { headers: { 'Content-Type': 'application/json' }, body });
  expect(res.status).toBe(200);
  return Number(res.headers['x-hookscope-request-id']);
};

describe('several nodes on one PostgreSQL', () => {
  it('captures alternating between two nodes reach a socket on either node in id order, none missed or repeated', async () => {
    const [a, b] = await nodes(2);
    expect((await post(`${a.url}/api/bins`, { name: 'shared' })).status).toBe(201);
    const onB = await socket(b, 'shared');
    const onA = await socket(a, 'shared');
    const acked: number[] = [];
    // Four senders at once, each alternating between the nodes: commits of the two nodes interleave.
    await Promise.all([0, 1, 2, 3].map(async (w) => {
      for (let i = 0; i < 40; i++) acked.push(await capture((i + w) % 2 ? a : b, 'shared', JSON.stringify({ w, i })));
    }));
    const expected = [...acked].sort((x, y) => x - y);
    for (const c of [onA, onB]) {
      await c.until(() => requestIds(c.messages).length >= acked.length, `${acked.length} requests`, 15_000);
      expect(requestIds(c.messages)).toEqual(expected);
    }
    // The API of either node lists every request, counts included.
    const listed = await json<{ requests: { id: number }[] }>(`${b.url}/api/bins/shared/requests?limit=500`);
    expect(listed.body.requests.map((r) => r.id)).toEqual([...expected].reverse()); // newest first
    expect((await json<{ requestCount: number }>(`${a.url}/api/bins/shared`)).body.requestCount).toBe(acked.length);
    expect((await json<{ requestCount: number }>(`${b.url}/api/bins/shared`)).body.requestCount).toBe(acked.length);
  });

  it('a wait held on node B is answered by a request sent to node A', async () => {
    const [a, b] = await nodes(2);
    await post(`${a.url}/api/bins`, { name: 'waiting' });
    const answer = json<{ request: { id: number; method: string } }>(`${b.url}/api/bins/waiting/wait?method=PUT&timeout=20000`);
    for (let i = 0; i < 500 && b.context.hub.subscriberCount('waiting') === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(b.context.hub.subscriberCount('waiting')).toBe(1);
    const res = await send(`${a.url}/h/waiting`, { method: 'PUT', body: 'hello' });
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.body.request).toMatchObject({ id: Number(res.headers['x-hookscope-request-id']), method: 'PUT' });
  });

  it("bin creation, settings, deletes, clears and removal reach the other node's cache and sockets", async () => {
    const [a, b] = await nodes(2);
    await post(`${a.url}/api/bins`, { name: 'ops' });
    // A bin created on A is there for B's API and captures at once (read through when not cached yet).
    expect((await json(`${b.url}/api/bins/ops`)).status).toBe(200);
    const first = await capture(b, 'ops', '{"n":1}');
    const second = await capture(a, 'ops', '{"n":2}');
    const onB = await socket(b, 'ops');
    await patch(`${a.url}/api/bins/ops`, { secret: 'shh-1234' });
    await onB.until(() => onB.messages.some((m) => m.type === 'bin'), 'bin');
    expect(onB.messages.find((m) => m.type === 'bin')).toMatchObject({ bin: { id: 'ops', secret: '****1234' } });
    expect(b.context.store.bins.get('ops')?.settings.secret).toBe('shh-1234');
    expect((await json(`${a.url}/api/bins/ops/requests/${first}`, { method: 'DELETE' })).status).toBe(204);
    await onB.until(() => onB.messages.some((m) => m.type === 'deleted'), 'deleted');
    expect(onB.messages.find((m) => m.type === 'deleted')).toEqual({ type: 'deleted', id: first });
    expect((await json<{ requestCount: number }>(`${b.url}/api/bins/ops`)).body.requestCount).toBe(1);
    expect((await json(`${a.url}/api/bins/ops/requests`, { method: 'DELETE' })).status).toBe(204);
    await onB.until(() => onB.messages.some((m) => m.type === 'cleared'), 'cleared');
    expect((await json(`${b.url}/api/bins/ops/requests/${second}`)).status).toBe(404);
    expect((await json(`${a.url}/api/bins/ops`, { method: 'DELETE' })).status).toBe(204);
    const closed = await onB.closed;
    expect(onB.messages.at(-1)).toEqual({ type: 'bin_deleted' });
    expect(closed.code).toBe(1000);
    expect(b.context.store.bins.get('ops')).toBeUndefined();
    expect((await json(`${b.url}/api/bins/ops`)).status).toBe(404);
  });

  it('the per-bin cap prunes across nodes and both sockets hear of it', async () => {
    const [a, b] = await nodes(2);
    await post(`${a.url}/api/bins`, { name: 'capped', maxRequests: 3 });
    const onB = await socket(b, 'capped');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await capture(i % 2 ? a : b, 'capped', `{"i":${i}}`));
    const listed = await json<{ requests: { id: number }[] }>(`${b.url}/api/bins/capped/requests`);
    expect(listed.body.requests.map((r) => r.id)).toEqual(ids.slice(3).reverse());
    await onB.until(() => onB.messages.some((m) => m.type === 'pruned' && (m.upTo as number) >= ids[2]), 'pruned');
    expect((await json<{ requestCount: number }>(`${a.url}/api/bins/capped`)).body.requestCount).toBe(3);
  });

  it('one node is the leader; another takes over when it stops', async () => {
    const [a, b] = await nodes(2);
    const leaders = () => [a, b].filter((n) => n.context.store.isLeader());
    expect(leaders()).toHaveLength(1);
    const [leader] = leaders();
    const other = leader === a ? b : a;
    await leader.close();
    for (let i = 0; i < 300 && !other.context.store.isLeader(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(other.context.store.isLeader()).toBe(true);
  });

  it('forwards each request once, from the node that captured it', async () => {
    const caught: string[] = [];
    const target: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (caught.push(body), res.end('ok')));
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    try {
      const [a, b] = await nodes(2);
      const port = (target.address() as AddressInfo).port;
      await post(`${a.url}/api/bins`, { name: 'fwd', forward: { url: `http://127.0.0.1:${port}/in` } });
      // B must know the forward setting before it captures (its cache hears of it through a notification).
      for (let i = 0; i < 300 && !b.context.store.bins.get('fwd')?.settings.forward; i++) await new Promise((r) => setTimeout(r, 10));
      const sockB = await socket(b, 'fwd');
      const sockA = await socket(a, 'fwd'); // both nodes watch the bin: both hear every request
      for (let i = 0; i < 6; i++) await capture(i % 2 ? a : b, 'fwd', `{"i":${i}}`);
      await sockA.until(() => requestIds(sockA.messages).length >= 6, 'six on A');
      await sockB.until(() => requestIds(sockB.messages).length >= 6, 'six on B');
      for (let i = 0; i < 300 && caught.length < 6; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 200)); // a second copy would come in this time
      expect([...caught].sort()).toEqual(Array.from({ length: 6 }, (_, i) => `{"i":${i}}`).sort());
    } finally {
      await new Promise((r) => target.close(r));
    }
  });

  it('the ttl sweep judges by the database: a bin kept busy through another node is not removed', async () => {
    let clock = 1_000_000;
    const [a, b] = await nodes(2, { ttl: 60_000, now: () => clock });
    await post(`${a.url}/api/bins`, { name: 'busy' });
    await post(`${a.url}/api/bins`, { name: 'idle' });
    clock += 50_000;
    await capture(b, 'busy', '{}');
    clock += 20_000;
    const leader = a.context.store.isLeader() ? a : b;
    const removed = await leader.context.store.bins.sweepIdle(clock, 60_000);
    expect(removed).toEqual(['idle']);
    for (let i = 0; i < 300 && (a.context.store.bins.get('idle') || b.context.store.bins.get('idle')); i++) await new Promise((r) => setTimeout(r, 10));
    expect(a.context.store.bins.get('idle')).toBeUndefined();
    expect(b.context.store.bins.get('idle')).toBeUndefined();
    expect(a.context.store.bins.get('busy')).toBeDefined();
  });

  it("a channel state held on node B follows what node A captures", async () => {
    const [a, b] = await nodes(2);
    await post(`${a.url}/api/bins`, { name: 'chan' });
    const occupied = JSON.stringify({ time_ms: 1, events: [{ name: 'channel_occupied', channel: 'presence-room' }] });
    await capture(a, 'chan', occupied);
    const first = await json<{ channels: { name: string; occupied: boolean }[] }>(`${b.url}/api/bins/chan/channels`);
    expect(first.body.channels).toMatchObject([{ name: 'presence-room', occupied: true }]);
    // B keeps the state in memory now: A's next capture must reach it (the bin counts as watched on B).
    expect(b.context.hub.watches('chan')).toBe(true);
    await capture(a, 'chan', JSON.stringify({ time_ms: 2, events: [{ name: 'channel_vacated', channel: 'presence-room' }] }));
    let now = first;
    for (let i = 0; i < 300 && now.body.channels[0]?.occupied !== false; i++) {
      await new Promise((r) => setTimeout(r, 10));
      now = await json(`${b.url}/api/bins/chan/channels`);
    }
    expect(now.body.channels).toMatchObject([{ name: 'presence-room', occupied: false }]);
  });
});
