// Decoded events: indexed at capture, listed across requests with filters and cursor paging,
// shown in the request detail, and used as fast filters of the requests list.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedEvent, RequestDetail, RequestSummary } from '../core/wire.js';
import { INDEX_BODY_LIMIT } from '../server/events/decode-body.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { type Fixture, loadFixtures, sendableHeaders, fixture } from './helpers/fixtures.js';
import { json, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

type EventRow = DecodedEvent & { request: RequestSummary };
interface EventPage {
  events: EventRow[];
  next: string | null;
}

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
});
afterAll(() => s.close());


async function deliver(bin: string, f: Fixture, override?: { body: Uint8Array; headers: [string, string][] }): Promise<number> {
  const res = await send(`${s.url}/h/${bin}`, {
    method: f.request.method,
    headers: override?.headers ?? sendableHeaders(f),
    body: override?.body ?? f.request.body,
  });
  expect(res.status).toBe(200);
  return Number(res.headers['x-hookscope-request-id']);
}

const events = async (bin: string, query = '') => {
  const res = await json<EventPage>(`${s.url}/api/bins/${bin}/events${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

/** What a fixture's body says its events are, independent of the decoder. */
function expectedEvents(f: Fixture): { name: string; channel?: string; userId?: string }[] {
  const body = JSON.parse(f.request.body) as { events: { name: string; channel?: string; user_id?: string }[] };
  return body.events.map((e) => ({ name: e.name, channel: e.channel, userId: e.user_id }));
}

describe('event index at capture', () => {
  it('summaries carry decoder, eventCount and eventNames; the detail has full events', async () => {
    const f = fixture('pusher', 'batched');
    const id = await deliver('ev-summary', f);
    const want = expectedEvents(f);
    const list = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/ev-summary/requests`);
    const summary = list.body.requests[0];
    expect(summary.id).toBe(id);
    expect(summary.decoder).toBe('pusher-batch');
    expect(summary.eventCount).toBe(want.length);
    expect(summary.eventNames).toEqual(want.map((e) => e.name));
    const detail = (await json<RequestDetail>(`${s.url}/api/bins/ev-summary/requests/${id}`)).body;
    expect(detail.events.map((e) => [e.requestId, e.index, e.name, e.channel, e.userId])).toEqual(
      want.map((e, i) => [id, i, e.name, e.channel, e.userId]),
    );
    const typing = detail.events.find((e) => e.event === 'client-typing');
    expect(typing?.data).toEqual({ typing: true });
  });

  it('the detail leaves out events with events=false and the body with body=false (the viewer reads /raw)', async () => {
    const f = fixture('pusher', 'batched');
    const id = await deliver('ev-lean', f);
    const url = `${s.url}/api/bins/ev-lean/requests/${id}`;
    const full = (await json<RequestDetail & { forwarded: unknown }>(url)).body;
    const lean = (await json<Record<string, unknown>>(`${url}?events=false&body=false`)).body;
    expect(Object.keys(lean)).toEqual(Object.keys(full).filter((k) => !['body', 'bodyEncoding', 'events'].includes(k)));
    const { body, bodyEncoding, events: all, ...meta } = full;
    expect(lean).toEqual(meta);
    expect((await json<RequestDetail>(`${url}?events=false`)).body).toEqual({ ...meta, body, bodyEncoding, forwarded: meta.forwarded });
    expect((await json<RequestDetail>(`${url}?body=false&events=true`)).body.events).toEqual(all);
    const bad = await json<{ error: { code: string } }>(`${url}?events=no`);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_query']);
  });

  it('indexes every fixture of every server with its events', async () => {
    for (const f of loadFixtures()) {
      const bin = `ev-all-${f.server}`;
      const id = await deliver(bin, f);
      const detail = (await json<RequestDetail>(`${s.url}/api/bins/${bin}/requests/${id}`)).body;
      expect(detail.eventCount, f.file).toBeGreaterThan(0);
      expect(detail.eventCount, f.file).toBe(detail.events.length);
      expect(detail.eventNames, f.file).toEqual(detail.events.map((e) => e.name));
    }
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s-encoded batch into events and keeps the compressed bytes', async (coding, compress) => {
    const f = fixture('soketi', 'batched');
    const body = compress(Buffer.from(f.request.body));
    const bin = `ev-${coding}`;
    const id = await deliver(bin, f, { body, headers: [...sendableHeaders(f), ['Content-Encoding', coding]] });
    const page = await events(bin);
    expect(page.events.map((e) => e.name)).toEqual(expectedEvents(f).map((e) => e.name).reverse());
    const raw = Buffer.from(await (await fetch(`${s.url}/api/bins/${bin}/requests/${id}/raw`)).arrayBuffer());
    expect(raw.equals(body)).toBe(true);
  });

  it('does not index a body over the capture decode limit, but its detail still decodes it', async () => {
    const events = Array.from({ length: 120 }, (_, i) => ({ name: 'client_event', channel: 'private-big', event: 'client-big', data: JSON.stringify({ i, pad: 'x'.repeat(9000) }) }));
    const body = JSON.stringify({ time_ms: 1, events });
    expect(body.length).toBeGreaterThan(INDEX_BODY_LIMIT);
    const res = await send(`${s.url}/h/ev-big`, { headers: { 'Content-Type': 'application/json' }, body });
    const id = Number(res.headers['x-hookscope-request-id']);
    const detail = (await json<RequestDetail>(`${s.url}/api/bins/ev-big/requests/${id}`)).body;
    expect(detail.eventCount).toBe(0);
    expect(detail.events).toHaveLength(120);
    expect((await json<EventPage>(`${s.url}/api/bins/ev-big/events`)).body.events).toEqual([]);
  });

  it('stops inflating a compressed bomb at the limit and indexes nothing from it', async () => {
    const bomb = gzipSync(Buffer.from(`{"time_ms":1,"events":[${'{"name":"member_added","channel":"c"},'.repeat(60_000)}{"name":"x"}]}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await send(`${s.url}/h/ev-bomb`, { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: bomb });
    expect(res.status).toBe(200);
    const list = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/ev-bomb/requests`);
    expect(list.body.requests[0]).toMatchObject({ eventCount: 0, size: bomb.length });
  });

  it('a non-webhook body has no events and is not in an event-filtered list', async () => {
    await send(`${s.url}/h/ev-plain`, { headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
    const id = await deliver('ev-plain', fixture('pusher', 'member_added'));
    const all = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/ev-plain/requests`);
    expect(all.body.requests.map((r) => r.eventCount)).toEqual([1, 0]);
    const filtered = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/ev-plain/requests?name=member_added`);
    expect(filtered.body.requests.map((r) => r.id)).toEqual([id]);
    expect((await events('ev-plain')).events).toHaveLength(1);
  });
});

describe('GET /api/bins/:bin/events', () => {
  const bin = 'ev-list';
  let ids: number[] = [];
  beforeAll(async () => {
    ids = [];
    for (const name of ['batched', 'member_added', 'client_event_presence', 'channel_vacated']) {
      ids.push(await deliver(bin, fixture('pusher', name)));
    }
  });

  it('lists events across requests, newest first, each with its request summary', async () => {
    const page = await events(bin);
    const order = page.events.map((e) => [e.requestId, e.index]);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(order).toEqual(sorted);
    expect(page.events).toHaveLength(5 + 3);
    expect(page.events[0]).toMatchObject({ requestId: ids[3], index: 0, name: 'channel_vacated', request: { id: ids[3], bin } });
    expect(page.next).toBeNull();
  });

  it('filters by name, channel, event and userId (all must hold on the same event)', async () => {
    const names = async (q: string) => (await events(bin, q)).events.map((e) => `${e.requestId}:${e.index}:${e.name}`);
    expect(await names('?name=member_added')).toEqual([`${ids[1]}:0:member_added`, `${ids[0]}:1:member_added`]);
    expect(await names('?channel=my-channel')).toEqual([`${ids[3]}:0:channel_vacated`, `${ids[0]}:4:channel_vacated`, `${ids[0]}:0:channel_occupied`]);
    expect(await names('?event=client-typing&userId=user-42')).toEqual([`${ids[2]}:0:client_event`, `${ids[0]}:2:client_event`]);
    expect(await names('?name=member_added&userId=user-42')).toEqual([]);
    expect(await names('?name=member_added&channel=presence-your_channel_name&userId=a_user_id')).toHaveLength(2);
  });

  it('pages with a requestId:index cursor, also inside one batch', async () => {
    const full = (await events(bin)).events.map((e) => `${e.requestId}:${e.index}`);
    const walked: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: EventPage = await events(bin, `?limit=3${cursor ? `&before=${cursor}` : ''}`);
      walked.push(...page.events.map((e) => `${e.requestId}:${e.index}`));
      if (!page.next) break;
      expect(page.next).toBe(walked.at(-1));
      cursor = page.next;
    }
    expect(walked).toEqual(full);
    // A bare request id is a request boundary.
    expect((await events(bin, `?before=${ids[1]}`)).events.map((e) => e.requestId)).toEqual([ids[0], ids[0], ids[0], ids[0], ids[0]]);
    expect((await events(bin, `?after=${ids[1]}`)).events.map((e) => e.requestId)).toEqual([ids[3], ids[2]]);
    expect((await events(bin, `?after=${ids[0]}:2`)).events.map((e) => `${e.requestId}:${e.index}`).slice(-2)).toEqual([
      `${ids[0]}:4`,
      `${ids[0]}:3`,
    ]);
  });

  it('rejects a malformed cursor and answers 404 for an unknown bin', async () => {
    const bad = await json<{ error: { code: string } }>(`${s.url}/api/bins/${bin}/events?before=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_query');
    const missing = await json<{ error: { code: string } }>(`${s.url}/api/bins/no-such-bin-here/events`);
    expect(missing.status).toBe(404);
  });

  it('the requests list takes the same event filters, with cursors', async () => {
    const list = async (q: string) =>
      (await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/${bin}/requests${q}`)).body.requests.map((r) => r.id);
    expect(await list('?name=member_added')).toEqual([ids[1], ids[0]]);
    expect(await list('?name=member_added&limit=1')).toEqual([ids[1]]);
    expect(await list(`?name=member_added&before=${ids[1]}`)).toEqual([ids[0]]);
    expect(await list(`?channel=my-channel&after=${ids[0]}`)).toEqual([ids[3]]);
    expect(await list('?userId=user-42&method=POST')).toEqual([ids[2], ids[0]]);
    expect(await list('?userId=user-42&method=GET')).toEqual([]);
    expect(await list('?event=client-typing&q=typing')).toEqual([ids[2], ids[0]]);
  });
});

describe('events read again after the requests changed', () => {
  it('a page read before a delete, a clear or a bin deleted and made again never shows what is gone', async () => {
    const bin = 'ev-reread';
    const f = fixture('pusher', 'batched');
    const first = await deliver(bin, f);
    const second = await deliver(bin, f);
    const ids = async () => [...new Set((await events(bin)).events.map((e) => e.requestId))];
    // Read twice: the second read may come from rows the server kept in memory.
    expect(await ids()).toEqual([second, first]);
    expect(await ids()).toEqual([second, first]);
    expect((await send(`${s.url}/api/bins/${bin}/requests/${second}`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect(await ids()).toEqual([first]);
    expect((await json<{ event: { requestId: number } }>(`${s.url}/api/bins/${bin}/wait?name=${expectedEvents(f)[0].name}&after=0&timeout=0`)).body.event.requestId).toBe(first);
    expect((await send(`${s.url}/api/bins/${bin}/requests`, { method: 'DELETE' })).status).toBeLessThan(300);
    expect(await ids()).toEqual([]);
    const third = await deliver(bin, f);
    expect(await ids()).toEqual([third]);
    expect((await send(`${s.url}/api/bins/${bin}`, { method: 'DELETE' })).status).toBeLessThan(300);
    const fourth = await deliver(bin, f);
    expect(await ids()).toEqual([fourth]);
    expect(fourth).toBeGreaterThan(third);
  });
});
