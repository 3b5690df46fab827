// POST /api/send against a real listener: what the app receives is exactly what the deliveries report,
// the official `pusher` package accepts every Pusher-protocol delivery and reads back the events as
// sent, ts-broadcasting deliveries verify with its scheme, retries follow each server's rules, and a
// send to a bin with `bin` is signed with that bin's stored credentials.
import Pusher from 'pusher';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendDelivery, SendResult } from '../core/send.js';
import { type HookscopeServer, startHookscope } from '../server/index.js';
import { hmacSha256 } from '../server/verify/digest.js';
import { type AppTarget, startAppTarget } from './helpers/app-target.js';
import { json, post } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer;
let app: AppTarget;

beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true, sendTimeScale: 0.001, deliveryTimeout: 2000 });
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

const send = (body: Record<string, unknown>) => post(`${s.url}/api/send`, { to: app.url, ...body }) as Promise<{ status: number; body: SendResult & { error?: { code: string; message: string } } }>;

const lowerHeaders = (raw: string[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) out[raw[i].toLowerCase()] = raw[i + 1];
  return out;
};

const events = [
  { name: 'channel_occupied', channel: 'presence-room-1' },
  { name: 'member_added', channel: 'presence-room-1', userId: '42' },
  { name: 'client_event', channel: 'presence-room-1', event: 'client-typing', data: { typing: true, text: 'héllo "q"' }, userId: '42', socketId: '123.456' },
];

describe.each(['pusher', 'soketi', 'sockudo'] as const)('%s', (as) => {
  it('the app gets exactly the reported request, and the pusher library validates it and reads the events back', async () => {
    const res = await send({ as, key: 'app-key', secret: 'app-secret', events, batch: true });
    expect(res.status).toBe(200);
    const [d] = res.body.deliveries;
    expect(res.body.deliveries).toHaveLength(1);
    expect(d).toMatchObject({ index: 0, attempt: 1, status: 200, events: ['channel_occupied', 'member_added', 'client_event'] });
    expect(app.caught).toHaveLength(1);
    expect(app.caught[0].rawHeaders).toEqual(d.request.rawHeaders);
    expect(app.caught[0].body.toString()).toBe(d.request.body);
    expect(d.response).toMatchObject({ body: '{"ok":true}', bodyEncoding: 'utf8' });
    const pusher = new Pusher({ appId: '1', key: 'app-key', secret: 'app-secret', cluster: 'mt1' });
    const webhook = pusher.webhook({ headers: lowerHeaders(app.caught[0].rawHeaders), rawBody: app.caught[0].body.toString() });
    expect(webhook.isValid()).toBe(true);
    const sent = JSON.parse(d.request.body) as { events: unknown[] };
    expect(webhook.getEvents()).toEqual(sent.events);
    expect(webhook.getEvents().map((e) => e.name)).toEqual(['channel_occupied', 'member_added', 'client_event']);
    const wrong = new Pusher({ appId: '1', key: 'app-key', secret: 'other', cluster: 'mt1' });
    expect(wrong.webhook({ headers: lowerHeaders(app.caught[0].rawHeaders), rawBody: app.caught[0].body.toString() }).isValid()).toBe(false);
  });

  it('one request per event without batching', async () => {
    const res = await send({ as, key: 'k', secret: 's', events, batch: false });
    expect(res.body.deliveries.map((d) => d.events)).toEqual([['channel_occupied'], ['member_added'], ['client_event']]);
    expect(app.caught.map((c) => (JSON.parse(c.body.toString()) as { events: { name: string }[] }).events[0].name)).toEqual(['channel_occupied', 'member_added', 'client_event']);
  });
});

describe('ts-broadcasting', () => {
  it('signs the body without its signature member, as ts-broadcasting does', async () => {
    const res = await send({ as: 'ts-broadcasting', secret: 'tsb-secret', events: [{ event: 'subscribe', data: { socketId: 'abc', channel: 'news' } }] });
    const [d] = res.body.deliveries;
    const body = app.caught[0].body.toString();
    expect(body).toBe(d.request.body);
    const m = /^(.*),"signature":"([0-9a-f]{64})"}$/s.exec(body);
    expect(m).not.toBeNull();
    expect(hmacSha256('tsb-secret', `${m![1]}}`).toString('hex')).toBe(m![2]);
    expect(lowerHeaders(app.caught[0].rawHeaders)['x-webhook-signature']).toBe(m![2]);
    expect(lowerHeaders(app.caught[0].rawHeaders)['user-agent']).toBe('ts-broadcasting/1.0');
  });
});

describe('retries', () => {
  const attempts = (ds: SendDelivery[]) => ds.map((d) => [d.attempt, d.status]);

  it('sockudo retries 503 with backoff until 2xx; a 400 is final', async () => {
    app.answers.push({ status: 503 }, { status: 503 });
    expect(attempts((await send({ as: 'sockudo', key: 'k', secret: 's', events: events.slice(0, 1) })).body.deliveries)).toEqual([[1, 503], [2, 503], [3, 200]]);
    const bodies = new Set(app.caught.map((c) => c.body.toString()));
    expect(bodies.size).toBe(1); // the same signed body every time
    app.caught.length = 0;
    app.answers.push({ status: 400 });
    expect(attempts((await send({ as: 'sockudo', key: 'k', secret: 's', events: events.slice(0, 1) })).body.deliveries)).toEqual([[1, 400]]);
  });

  it('soketi never retries unless asked; ts-broadcasting makes 3 more tries on 5xx; retries overrides the count', async () => {
    app.fallback = { status: 500 };
    expect(attempts((await send({ as: 'soketi', key: 'k', secret: 's', events: events.slice(0, 1) })).body.deliveries)).toEqual([[1, 500]]);
    expect(attempts((await send({ as: 'soketi', key: 'k', secret: 's', events: events.slice(0, 1), retries: 2 })).body.deliveries)).toEqual([[1, 500], [2, 500], [3, 500]]);
    const tsb = { as: 'ts-broadcasting', secret: 's', events: [{ event: 'connection', data: {} }] };
    expect(attempts((await send(tsb)).body.deliveries)).toEqual([[1, 500], [2, 500], [3, 500], [4, 500]]);
    expect(attempts((await send({ ...tsb, retries: 1 })).body.deliveries)).toEqual([[1, 500], [2, 500]]);
  });

  it('an app that is down: every attempt reported with its error', async () => {
    const down = await startAppTarget();
    await down.close();
    const res = await post(`${s.url}/api/send`, { to: down.url, as: 'sockudo', key: 'k', secret: 's', events: events.slice(0, 1), retries: 2 });
    const ds = (res.body as SendResult).deliveries;
    expect(ds.map((d) => [d.attempt, d.status, d.response])).toEqual([[1, null, null], [2, null, null], [3, null, null]]);
    expect(ds[0].error).toMatch(/connection refused/);
  });
});

describe('a caller that goes away', () => {
  it('stops the retries (the server would go on for 5 minutes)', async () => {
    const slow = await startHookscope({ port: 0, db: await testDb(), quiet: true, sendTimeScale: 0.05 });
    app.fallback = { status: 503 };
    const gone = new AbortController();
    const call = fetch(`${slow.url}/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: app.url, as: 'sockudo', key: 'k', secret: 's', batch: false, events: events.slice(0, 1) }),
      signal: gone.signal,
    }).catch(() => null);
    await app.count(2); // attempt 2 came 1 s (x0.05) after the first
    gone.abort();
    await call;
    // Attempt 3 was due 2 s (x0.05 = 100 ms) after attempt 2: none within 3x that.
    await new Promise((r) => setTimeout(r, 300));
    expect(app.caught).toHaveLength(2);
    await slow.close();
  });
});

describe('to a bin, signed with its own credentials', () => {
  it('the capture is valid and decoded', async () => {
    await post(`${s.url}/api/bins`, { name: 'send-self', pusher: [{ key: 'bin-key', secret: 'bin-secret' }] });
    const res = await post(`${s.url}/api/send`, { to: `${s.url}/h/send-self`, bin: 'send-self', as: 'soketi', events: events.slice(1, 2) });
    expect((res.body as SendResult).deliveries[0].status).toBe(200);
    const list = await json<{ requests: { signature: { status: string; key: string }; eventNames: string[] }[] }>(`${s.url}/api/bins/send-self/requests`);
    expect(list.body.requests[0]).toMatchObject({ signature: { status: 'valid', key: 'bin-key' }, eventNames: ['member_added'] });
  });
});

describe('bad input', () => {
  it.each([
    [{ as: 'soketi', secret: 's', events }, /"key" is missing/],
    [{ as: 'soketi', key: 'k', secret: 's' }, /either "events" or "scenario"/],
    [{ as: 'nope', key: 'k', secret: 's', events }, /as/],
    [{ as: 'soketi', key: 'k', secret: 's', events: [{ name: 'subscription_count', channel: 'a', subscriptionCount: 1 }] }, /soketi does not send "subscription_count"/],
    [{ as: 'soketi', key: 'k', secret: 's', scenario: { steps: [{ leave: { channel: 'presence-a', userId: '1' } }] } }, /steps\.0/],
    [{ as: 'soketi', key: 'k', secret: 's', bin: 'no-such-bin', events }, /no bin/],
  ])('%j', async (body, message) => {
    const res = await send(body);
    expect(res.status).toBe(String(message).includes('no bin') ? 404 : 400);
    expect(res.body.error?.message).toMatch(message);
  });
});
