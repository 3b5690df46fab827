// Replay (issue 8): a stored request sent again to a URL, byte for byte and header for header, so a
// Pusher signature still verifies at the target; re-signed on request; failures are 502 values.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail } from '../core/wire.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { type Fixture, sendableHeaders, fixture } from './helpers/fixtures.js';
import { json, post, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

interface Caught {
  method: string;
  rawHeaders: string[];
  body: Buffer;
}

/** A plain target that records what reached it and answers what the test says. */
async function target(answer: (req: IncomingMessage, res: import('node:http').ServerResponse) => void) {
  const caught: Caught[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      caught.push({ method: req.method ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, caught, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const pusherFixture = fixture('pusher', 'member_added');
const tsFixture = fixture('ts-broadcasting', 'subscribe');

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true, deliveryTimeout: 1000 });
});
afterAll(() => s.close());

const detail = async (bin: string, id: number) => (await json<RequestDetail>(`${s.url}/api/bins/${bin}/requests/${id}`)).body;
const raw = async (bin: string, id: number) => Buffer.from(await (await fetch(`${s.url}/api/bins/${bin}/requests/${id}/raw`)).arrayBuffer());
const headerOf = (rawHeaders: string[], name: string) => rawHeaders.flatMap((h, i) => (i % 2 === 0 && h.toLowerCase() === name ? [rawHeaders[i + 1]] : []));
const HOP = /^(host|connection|content-length|transfer-encoding|keep-alive)$/i;
const endToEnd = (rawHeaders: string[]) => rawHeaders.flatMap((h, i) => (i % 2 === 0 && !HOP.test(h) ? [[h, rawHeaders[i + 1]]] : []));

async function capture(bin: string, f: Fixture): Promise<number> {
  const r = await send(`${s.url}/h/${bin}`, { method: f.request.method, headers: [...sendableHeaders(f), ['X-Extra', 'a'], ['x-extra', 'b']], body: f.request.body });
  return Number(r.headers['x-hookscope-request-id']);
}

interface ReplayAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyEncoding: string;
  durationMs: number;
  sent: { rawHeaders: string[]; resigned: string | null };
}
const replay = (bin: string, id: number, body: unknown) => post(`${s.url}/api/bins/${bin}/requests/${id}/replay`, body) as Promise<{ status: number; body: ReplayAnswer & { error?: { code: string; message: string } } }>;

describe('replay', () => {
  it('replays a Pusher-signed request to another bin byte-exact: same bytes, headers, verdict', async () => {
    const creds = [{ key: pusherFixture.credentials.app_key, secret: pusherFixture.credentials.secret }];
    await post(`${s.url}/api/bins`, { name: 'src', pusher: creds });
    await post(`${s.url}/api/bins`, { name: 'dst', pusher: creds });
    const id = await capture('src', pusherFixture);
    const r = await replay('src', id, { url: `${s.url}/h/dst/webhooks` });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe(200);
    expect(r.body.durationMs).toBeGreaterThanOrEqual(0);
    const answered = JSON.parse(r.body.body) as { id: number; bin: string };
    expect(answered.bin).toBe('dst');
    expect(r.body.headers['x-hookscope-request-id']).toBe(String(answered.id));

    const [a, b] = [await detail('src', id), await detail('dst', answered.id)];
    expect((await raw('dst', answered.id)).equals(Buffer.from(pusherFixture.request.body))).toBe(true);
    expect((await raw('dst', answered.id)).equals(await raw('src', id))).toBe(true);
    expect(endToEnd(b.rawHeaders)).toEqual(endToEnd(a.rawHeaders)); // order, case, duplicates
    expect(headerOf(b.rawHeaders, 'x-pusher-signature')).toEqual([pusherFixture.request.headers['X-Pusher-Signature']]);
    expect(b.method).toBe(a.method);
    expect(b.signature).toEqual(a.signature);
    expect(a.signature.status).toBe('valid');
  });

  it('re-signs a Pusher request with another key and secret', async () => {
    await post(`${s.url}/api/bins`, { name: 'dst-new', pusher: [{ key: 'new-key', secret: 'new-secret' }] });
    const id = await capture('src', pusherFixture);
    const r = await replay('src', id, { url: `${s.url}/h/dst-new`, resign: { key: 'new-key', secret: 'new-secret' } });
    expect(r.body.sent.resigned).toBe('pusher');
    const got = await detail('dst-new', (JSON.parse(r.body.body) as { id: number }).id);
    const expected = createHmac('sha256', 'new-secret').update(pusherFixture.request.body).digest('hex');
    expect(got.body).toBe(pusherFixture.request.body);
    expect(headerOf(got.rawHeaders, 'x-pusher-signature')).toEqual([expected]);
    expect(headerOf(got.rawHeaders, 'x-pusher-key')).toEqual(['new-key']);
    if (got.signature.status !== 'unsigned') expect(got.signature.status).toBe('valid');
  });

  it('re-signs a ts-broadcasting request: body signature member and X-Webhook-Signature', async () => {
    const id = await capture('ts-src', tsFixture);
    const t = await target((_req, res) => res.end('ok'));
    const r = await replay('ts-src', id, { url: t.url, resign: { secret: 'other-secret' } });
    await t.close();
    expect(r.body.sent.resigned).toBe('ts-broadcasting');
    const body = t.caught[0].body.toString();
    const m = /^(.*),"signature":"([0-9a-f]{64})"}$/s.exec(body);
    expect(m).not.toBeNull();
    const expected = createHmac('sha256', 'other-secret').update(m![1] + '}').digest('hex');
    expect(m![2]).toBe(expected);
    expect(headerOf(t.caught[0].rawHeaders, 'x-webhook-signature')).toEqual([expected]);
    expect(body.startsWith(tsFixture.request.body.slice(0, tsFixture.request.body.indexOf(',"signature"')))).toBe(true);
  });

  it('sends binary bodies exactly and returns a binary answer as base64', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 0x80, 0x81, 10, 13]);
    const r0 = await send(`${s.url}/h/bin-src/any?x=1`, { method: 'PUT', headers: [['Content-Type', 'application/octet-stream']], body: bytes });
    const t = await target((_req, res) => res.writeHead(201, { 'X-Answer': 'yes' }).end(Buffer.from([0xff, 0xfe, 0])));
    const r = await replay('bin-src', Number(r0.headers['x-hookscope-request-id']), { url: `${t.url}/hook` });
    await t.close();
    expect(t.caught[0].method).toBe('PUT');
    expect(t.caught[0].body.equals(bytes)).toBe(true);
    expect(headerOf(t.caught[0].rawHeaders, 'content-length')).toEqual([String(bytes.length)]);
    expect(r.body).toMatchObject({ status: 201, bodyEncoding: 'base64', body: Buffer.from([0xff, 0xfe, 0]).toString('base64') });
    expect(r.body.headers['x-answer']).toBe('yes');
  });

  it('answers 502 replay_failed when the target refuses, times out, or does not resolve', async () => {
    const id = await capture('src', pusherFixture);
    const closed = await target(() => {});
    await closed.close();
    const refused = await replay('src', id, { url: closed.url });
    expect(refused.status).toBe(502);
    expect(refused.body.error?.code).toBe('replay_failed');
    expect(refused.body.error?.message).toMatch(/refused/);

    const silent = await target(() => {}); // reads the request, never answers
    const slow = await replay('src', id, { url: silent.url });
    await silent.close();
    expect(slow.status).toBe(502);
    expect(slow.body.error?.message).toMatch(/within 1000 ms/);

    const dns = await replay('src', id, { url: 'http://no-such-host.invalid/' });
    expect(dns.status).toBe(502);
    expect(dns.body.error?.code).toBe('replay_failed');
  });

  it('rejects non-http URLs and unknown requests', async () => {
    const id = await capture('src', pusherFixture);
    expect((await replay('src', id, { url: 'ftp://example.com/' })).status).toBe(400);
    expect((await replay('src', id, { url: 'not a url' })).status).toBe(400);
    expect((await replay('src', 999_999, { url: 'http://127.0.0.1:1/' })).status).toBe(404);
    expect((await replay('nope', id, { url: 'http://127.0.0.1:1/' })).status).toBe(404);
  });
});
