// forward: { url, mode: 'passthrough' }: the request is stored first, then relayed byte-exact; the
// sender gets the app's status, headers and body (504 / 502 when the app cannot answer); both legs are
// recorded and the final answer goes out live; a running response script still answers first; and a
// sender playing sockudo retries against the app's real answer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestSummary } from '../core/wire.js';
import { hookscope } from '../sdk/index.js';
import { forwarderOf } from '../server/forward/forwarder.js';
import { type HookscopeServer, startHookscope } from '../server/index.js';
import { type AppTarget, startAppTarget } from './helpers/app-target.js';
import { json, patch, post, send } from './helpers/http.js';
import { connect, wsUrl } from './live-helpers.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer;
let app: AppTarget;

beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true, sendTimeScale: 0.001 });
  app = await startAppTarget();
});
afterAll(async () => {
  await app.close();
  await s.close();
});
beforeEach(() => {
  app.caught.length = 0;
  app.answers.length = 0;
  app.fallback = {};
});

let n = 0;
async function passthroughBin(extra: Record<string, unknown> = {}): Promise<string> {
  const name = `pt-${++n}`;
  const res = await post(`${s.url}/api/bins`, { name, forward: { url: app.url, mode: 'passthrough', ...extra } });
  expect(res.status).toBe(201);
  return name;
}

const body = '{"time_ms":1,"events":[{"name":"channel_occupied","channel":"a"}]}';
const headers: [string, string][] = [['Content-Type', 'application/json'], ['X-Pusher-Key', 'k'], ['x-Odd-Case', 'v']];
const detail = (bin: string, id: number) => json<RequestDetail>(`${s.url}/api/bins/${bin}/requests/${id}`);
/** The detail once the relay's outcome is recorded (the store records it after the answer; PostgreSQL takes a round trip). */
async function recorded(bin: string, id: number): Promise<RequestDetail> {
  for (let i = 0; ; i++) {
    const d = (await detail(bin, id)).body;
    // Request and delivery are read one after the other: wait until both show the recorded outcome.
    if ((d.forwarded !== null && d.response?.status !== 0) || i >= 200) return d;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('passthrough', () => {
  it("answers with the app's status, headers and body, and stores both legs", async () => {
    const bin = await passthroughBin();
    app.answers.push({ status: 201, headers: [['Content-Type', 'text/plain'], ['X-App', 'yes']], body: 'created by the app' });
    const res = await send(`${s.url}/h/${bin}/hooks?x=1`, { headers, body });
    expect(res.status).toBe(201);
    expect(res.headers['x-app']).toBe('yes');
    expect(res.headers['content-type']).toBe('text/plain');
    const id = Number(res.headers['x-hookscope-request-id']);
    expect(res.body.toString()).toBe('created by the app');
    // The app got the request byte for byte, plus the hop counter.
    expect(app.caught).toHaveLength(1);
    expect(app.caught[0].body.toString()).toBe(body);
    expect(app.caught[0].rawHeaders).toEqual(expect.arrayContaining(['x-Odd-Case', 'v', 'X-Hookscope-Forwarded', '1']));
    const d = await recorded(bin, id);
    expect(d.response).toEqual({ status: 201, passthrough: true });
    expect(d.forwarded).toMatchObject({ url: app.url, mode: 'passthrough', status: 201, error: null, response: { body: 'created by the app', bodyEncoding: 'utf8' } });
    expect(d.forwarded?.response?.rawHeaders).toEqual(expect.arrayContaining(['X-App', 'yes']));
    expect(d.forwarded?.durationMs).toEqual(expect.any(Number));
  });

  it('the capture is committed before the app sees it, and the answer goes out live', async () => {
    const bin = await passthroughBin();
    const live = await connect(wsUrl(s.url, `/api/bins/${bin}/live`));
    app.answers.push({ status: 202, delayMs: 300 });
    const sent = send(`${s.url}/h/${bin}`, { headers, body });
    await app.count(1);
    const stored = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/${bin}/requests`);
    expect(stored.body.requests).toHaveLength(1);
    expect(stored.body.requests[0].response).toEqual({ status: 0, passthrough: true });
    expect((await sent).status).toBe(202);
    await live.until(() => live.messages.some((m) => m.type === 'answered'), 'answered');
    expect(live.messages.find((m) => m.type === 'answered')).toEqual({ type: 'answered', id: stored.body.requests[0].id, response: { status: 202, passthrough: true } });
    live.close();
  });

  it('a request deleted while the app thinks: the sender still gets the answer, nothing is recorded', async () => {
    const bin = await passthroughBin();
    const live = await connect(wsUrl(s.url, `/api/bins/${bin}/live`));
    app.answers.push({ status: 201, delayMs: 200 });
    const sent = send(`${s.url}/h/${bin}`, { headers, body });
    await app.count(1);
    const [stored] = (await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/${bin}/requests`)).body.requests;
    expect((await fetch(`${s.url}/api/bins/${bin}/requests/${stored.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await sent).status).toBe(201);
    await live.until(() => live.messages.some((m) => m.type === 'deleted'), 'deleted');
    // A later request's answer proves the relay of the first was recorded (or not) before it.
    app.answers.push({ status: 202 });
    expect((await send(`${s.url}/h/${bin}`, { headers, body })).status).toBe(202);
    await live.until(() => live.messages.some((m) => m.type === 'answered'), 'answered');
    expect(live.messages.filter((m) => m.type === 'answered').map((m) => m.id)).toEqual([stored.id + 1]);
    expect((await detail(bin, stored.id)).status).toBe(404);
    live.close();
  });

  it('504 upstream_timeout when the app is slow, 502 upstream_failed when it is down; both recorded', async () => {
    const slow = await passthroughBin({ timeoutMs: 100 });
    app.answers.push({ delayMs: 1000 });
    const timedOut = await send(`${s.url}/h/${slow}`, { headers, body });
    expect(timedOut.status).toBe(504);
    expect(JSON.parse(timedOut.body.toString())).toMatchObject({ error: { code: 'upstream_timeout' } });
    const id = Number(timedOut.headers['x-hookscope-request-id']);
    expect(await recorded(slow, id)).toMatchObject({ response: { status: 504, passthrough: true }, forwarded: { status: null, error: expect.stringMatching(/within 100 ms/) } });

    const down = await startAppTarget();
    await down.close();
    await patch(`${s.url}/api/bins/${slow}`, { forward: { url: down.url, mode: 'passthrough' } });
    const failed = await send(`${s.url}/h/${slow}`, { headers, body });
    expect(failed.status).toBe(502);
    expect(JSON.parse(failed.body.toString())).toMatchObject({ error: { code: 'upstream_failed', message: expect.stringMatching(/connection refused/) } });
  });

  it('a response script still answers first; once used up, requests pass through; the async forwarder stays out', async () => {
    const bin = await passthroughBin();
    await patch(`${s.url}/api/bins/${bin}`, { response: { script: [{ status: 500 }] } });
    expect((await send(`${s.url}/h/${bin}`, { headers, body })).status).toBe(500);
    expect(app.caught).toHaveLength(0);
    expect((await send(`${s.url}/h/${bin}`, { headers, body })).status).toBe(200);
    // The forwarder enqueues on the commit's live message, before the answer: nothing was queued.
    expect(forwarderOf(s.context)?.pending()).toBe(0);
    expect(app.caught).toHaveLength(1);
  });

  it("a sender playing sockudo retries against the app's real answer", async () => {
    const bin = await passthroughBin();
    app.answers.push({ status: 503 });
    const deliveries = await hookscope(s.url).send({ to: `${s.url}/h/${bin}`, as: 'sockudo', key: 'k', secret: 's', events: [{ name: 'channel_occupied', channel: 'a' }], batch: false });
    expect(deliveries.map((d) => [d.attempt, d.status])).toEqual([[1, 503], [2, 200]]);
    // Each request's response is recorded once the relay finished (after its answer went out).
    let list = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/${bin}/requests`);
    for (let i = 0; i < 200 && list.body.requests.some((r) => r.response?.status === 0); i++) {
      await new Promise((r) => setTimeout(r, 10));
      list = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/${bin}/requests`);
    }
    expect(list.body.requests.map((r) => [r.attempt, r.response?.status])).toEqual([[2, 200], [1, 503]]);
  });
});
