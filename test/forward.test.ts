// Forwarding (issue 8): each new request of a bin with `forward: { url }` goes on to that URL byte-exact;
// every delivery result (refused, timeout, status) is recorded and shown in the request detail.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createForwarder, type DeliveryNotice, forwarderOf } from '../server/forward/forwarder.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { loadFixtures, sendableHeaders } from './helpers/fixtures.js';
import { json, patch, post, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

interface Caught {
  rawHeaders: string[];
  body: Buffer;
  res: ServerResponse;
}

async function target(port: number, answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const caught: Caught[] = [];
  const arrived: ((c: Caught) => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const c = { rawHeaders: req.rawHeaders, body: Buffer.concat(chunks), res };
      caught.push(c);
      arrived.shift()?.(c);
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    caught,
    next: () => new Promise<Caught>((resolve) => arrived.push(resolve)),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Resolves with the next recorded delivery of that request. */
function deliveryOf(s: HookscopeServer, requestId: number): Promise<DeliveryNotice> {
  const forwarder = forwarderOf(s.context);
  if (!forwarder) throw new Error('no forwarder');
  return new Promise((resolve) => {
    const off = forwarder.onDelivery((n) => {
      if (n.requestId === requestId) (off(), resolve(n));
    });
  });
}

const fixture = loadFixtures('pusher').find((f) => f.name === 'channel_occupied')!;
const headerOf = (raw: string[], name: string) => raw.flatMap((h, i) => (i % 2 === 0 && h.toLowerCase() === name ? [raw[i + 1]] : []));

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true, deliveryTimeout: 300 });
});
afterAll(() => s.close());

async function capture(bin: string): Promise<number> {
  const r = await send(`${s.url}/h/${bin}/hook`, { headers: sendableHeaders(fixture), body: fixture.request.body });
  expect(r.status).toBe(200); // forwarding never changes the sender's answer
  return Number(r.headers['x-hookscope-request-id']);
}
const forwardedOf = async (bin: string, id: number) =>
  (await json<{ forwarded: { url: string; status: number | null; error: string | null; durationMs: number | null } | null }>(`${s.url}/api/bins/${bin}/requests/${id}`)).body.forwarded;

describe('forwarding', () => {
  it('records refused, then timeout, then a byte-exact delivery to the same URL', async () => {
    const probe = await target(0, () => {});
    const port = probe.port;
    await probe.close();
    const url = `http://127.0.0.1:${port}/webhooks`;
    const created = await post(`${s.url}/api/bins`, { name: 'fwd', forward: { url } });
    expect((created.body as { forward: unknown }).forward).toEqual({ url });

    // Down: connection refused is recorded.
    let id = await capture('fwd');
    let d = await deliveryOf(s, id);
    expect(d).toMatchObject({ url, status: null });
    expect(d.error).toMatch(/refused/);
    expect(await forwardedOf('fwd', id)).toMatchObject({ url, status: null, error: d.error });

    // Slow: no answer within the (test-sized) timeout.
    const slow = await target(port, () => {});
    id = await capture('fwd');
    d = await deliveryOf(s, id);
    expect(d.error).toMatch(/within 300 ms/);
    await slow.close();

    // Up: delivered, byte for byte, headers in order with the signature intact.
    const up = await target(port, (_req, res) => res.writeHead(202).end('thanks'));
    const arrived = up.next();
    id = await capture('fwd');
    d = await deliveryOf(s, id);
    const got = await arrived;
    await up.close();
    expect(d).toMatchObject({ url, status: 202, error: null });
    expect(d.durationMs).toBeGreaterThanOrEqual(0);
    expect(got.body.equals(Buffer.from(fixture.request.body))).toBe(true);
    expect(headerOf(got.rawHeaders, 'x-pusher-signature')).toEqual([fixture.request.headers['X-Pusher-Signature']]);
    expect(headerOf(got.rawHeaders, 'x-pusher-key')).toEqual([fixture.request.headers['X-Pusher-Key']]);
    expect(headerOf(got.rawHeaders, 'x-hookscope-forwarded')).toEqual(['1']);
    expect(got.rawHeaders.filter((_, i) => i % 2 === 0).slice(0, 4)).toEqual(['Host', ...sendableHeaders(fixture).map(([n]) => n)].slice(0, 4));
    expect(await forwardedOf('fwd', id)).toMatchObject({ status: 202, error: null });
  });

  it('stops forwarding when forward is reset, and shows forwarded: null', async () => {
    await patch(`${s.url}/api/bins/fwd`, { forward: null });
    const id = await capture('fwd');
    expect(forwarderOf(s.context)?.pending()).toBe(0);
    expect(await forwardedOf('fwd', id)).toBeNull();
  });

  it('a bin forwarding to itself stops after a bounded number of hops', async () => {
    await post(`${s.url}/api/bins`, { name: 'loop', forward: { url: `${s.url}/h/loop` } });
    const notices: DeliveryNotice[] = [];
    const looped = new Promise<DeliveryNotice>((resolve) => {
      forwarderOf(s.context)!.onDelivery((n) => {
        if (n.binId !== 'loop') return;
        notices.push(n);
        if (n.error) resolve(n);
      });
    });
    await capture('loop');
    const last = await looped;
    expect(last.error).toMatch(/loop/);
    expect(notices.filter((n) => n.status === 200)).toHaveLength(3);
    const rows = (await json<{ requests: unknown[] }>(`${s.url}/api/bins/loop/requests`)).body.requests;
    expect(rows).toHaveLength(4);
    await patch(`${s.url}/api/bins/loop`, { forward: null });
  });
});

describe('forwarding queue', () => {
  it('bounds the pending deliveries per bin: the oldest are dropped with a recorded error', async () => {
    const s2 = await startHookscope({ port: 0, db: await testDb(), quiet: true, deliveryTimeout: 5000 });
    forwarderOf(s2.context)!.stop();
    const forwarder = createForwarder(s2.context, { maxPending: 2, concurrency: 1 });
    const notices: DeliveryNotice[] = [];
    forwarder.onDelivery((n) => notices.push(n));
    // A drop's error is recorded in the store, then announced (the store may answer after the capture did).
    const dropped = new Promise<void>((resolve) => forwarder.onDelivery(() => notices.length === 2 && resolve()));
    const held = await target(0, () => {}); // answers only when the test says so
    await post(`${s2.url}/api/bins`, { name: 'q', forward: { url: `http://127.0.0.1:${held.port}/` } });
    const first = held.next();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await send(`${s2.url}/h/q`, { body: `{"n":${i}}` });
      expect(r.status).toBe(200); // capture is not slowed by a stuck target
      ids.push(Number(r.headers['x-hookscope-request-id']));
    }
    await dropped;
    expect(notices.map((n) => n.requestId).sort((a, b) => a - b)).toEqual([ids[1], ids[2]]);
    expect(notices.every((n) => /more than 2 deliveries pending/.test(n.error ?? ''))).toBe(true);
    const done = new Promise<void>((resolve) => forwarder.onDelivery(() => notices.length === 5 && resolve()));
    (await first).res.end('ok');
    // The next two arrive in order once the first is answered.
    for (let i = 0; i < 2; i++) (await held.next()).res.end('ok');
    await done;
    expect(held.caught.map((c) => c.body.toString())).toEqual(['{"n":0}', '{"n":3}', '{"n":4}']);
    expect(notices.filter((n) => n.status === 200).map((n) => n.requestId)).toEqual([ids[0], ids[3], ids[4]]);
    forwarder.stop();
    await held.close();
    await s2.close();
  });
});
