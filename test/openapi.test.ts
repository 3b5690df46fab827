// GET /api/openapi.json (issue 18): a valid OpenAPI 3.1 document (checked by a third-party validator)
// that describes every /api route, and whose response schemas hold for real answers of a running
// server: a tour calls every operation, each of its documented answers, and validates every body.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Hono } from 'hono';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeApi, undescribedRoutes } from '../server/api/openapi/document.js';
import { route } from '../server/api/route.js';
import { createApp } from '../server/app.js';
import { forwarderOf } from '../server/forward/forwarder.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { fixture, sendableHeaders } from './helpers/fixtures.js';
import { send } from './helpers/http.js';
import { createChecker, type Exchange, recordingFetch } from './helpers/openapi.js';

type Doc = Parameters<typeof createChecker>[0] & { openapi: string; servers: { url: string }[]; components: { schemas: Record<string, unknown> } };

const member = fixture('pusher', 'member_added');
let s: HookscopeServer;
let target: Server;
let targetUrl: string;
let doc: Doc;

beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true, deliveryTimeout: 2000 });
  target = createServer((req, res) => req.resume().on('end', () => res.writeHead(202, { 'content-type': 'text/plain' }).end('thanks')));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hooks`;
  doc = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as Doc;
});
afterAll(async () => {
  await s.close();
  await new Promise<void>((resolve) => (target.closeAllConnections(), target.close(() => resolve())));
});

describe('the document', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('names the server the caller reached', () => {
    expect(doc.servers).toEqual([{ url: s.url }]);
  });

  it('describes every route mounted under /api', () => {
    expect(undescribedRoutes(createApp(s.context))).toEqual([]);
  });

  it('reports a route under /api declared without a spec (the check above can fail)', () => {
    const app = new Hono();
    route(app, 'get', '/api/described', { operationId: 'described', summary: 'x', tag: 'meta', responses: { 200: { description: 'ok' } } }, (c) => c.text('ok'));
    app.get('/api/undescribed/:id', (c) => c.text('no spec'));
    app.use('/api/*', async (_c, next) => next()); // middleware is not a route
    expect(undescribedRoutes(app)).toEqual(['GET /api/undescribed/:id']);
    expect(Object.keys(describeApi(app).paths)).toEqual(['/api/described']);
  });

  it('has unique operation ids and uses the one error shape for every error answer', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        for (const [status, r] of Object.entries(op.responses)) {
          if (Number(status) < 400 || typeof r.$ref === 'string') continue;
          const schema = (r.content as Record<string, { schema: { $ref?: string; allOf?: unknown } }>)['application/json'].schema;
          const ref = schema.$ref ?? '';
          // An extended error (wait's near misses, replay's reason) is still { error: { code, message } } plus fields.
          if (ref !== '#/components/schemas/Error') expect(JSON.stringify(schema)).toContain('"error"');
        }
      }
    }
  });
});

describe('real answers validate against the document', () => {
  const log: Exchange[] = [];
  const api = recordingFetch(log);
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    api(s.url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function capture(bin: string): Promise<number> {
    const r = await send(`${s.url}/h/${bin}/hook?x=1`, { headers: sendableHeaders(member), body: member.request.body });
    return (JSON.parse(r.body.toString()) as { id: number }).id;
  }

  it('for every operation and each of its documented answers', async () => {
    const { key, secret } = { key: member.credentials.app_key ?? '', secret: member.credentials.secret ?? '' };
    // bins
    await call('POST', '/api/bins', { name: 'tour', pusher: [{ key, secret }], response: { status: 200, script: [{ status: 503 }] } });
    await call('POST', '/api/bins', {});
    await call('POST', '/api/bins', { name: 'tour' }); // 409
    await call('POST', '/api/bins', { name: 'Not A Name' }); // 400
    await call('GET', '/api/bins');
    await call('GET', '/api/bins/tour');
    await call('GET', '/api/bins/missing'); // 404
    await call('PATCH', '/api/bins/tour', { forward: { url: targetUrl } });
    await call('PATCH', '/api/bins/tour', { maxRequests: 'many' }); // 400
    // requests, events
    const delivered = new Promise<void>((resolve) => forwarderOf(s.context)?.onDelivery(() => resolve()));
    const id = await capture('tour');
    const second = await capture('tour');
    await delivered;
    await call('GET', '/api/bins/tour/requests?limit=10');
    await call('GET', '/api/bins/tour/requests?name=member_added&limit=1');
    await call('GET', '/api/bins/tour/requests?limit=0'); // 400
    await call('GET', `/api/bins/tour/requests/${id}`);
    await call('GET', `/api/bins/tour/requests/${id}?events=false&body=false`);
    await call('GET', `/api/bins/tour/requests/${id}?events=maybe`); // 400
    await call('GET', '/api/bins/tour/requests/abc'); // 400
    await call('GET', '/api/bins/tour/requests/999999'); // 404
    await call('GET', `/api/bins/tour/requests/${id}/raw`);
    await call('GET', '/api/bins/tour/events?limit=1');
    await call('GET', '/api/bins/tour/wait?name=member_added&after=0&timeout=1000');
    await call('GET', '/api/bins/tour/wait?name=member_removed&after=0&timeout=1'); // 408 with near misses
    await call('GET', '/api/bins/tour/channels?occupied=false');
    await call('GET', '/api/bins/tour/channels/presence-your_channel_name');
    await call('GET', `/api/bins/tour/channels/presence-your_channel_name?at=${id}`);
    await call('GET', '/api/bins/tour/channels/nope'); // 404 channel_not_found
    await call('GET', '/api/bins/tour/channels/presence-your_channel_name/wait?members=%5B%22a_user_id%22%5D&timeout=1000');
    await call('GET', '/api/bins/tour/channels/presence-your_channel_name/wait?members=%5B%5D&timeout=1'); // 408
    await call('GET', '/api/bins/tour/timing');
    await call('POST', `/api/bins/tour/requests/${id}/replay`, { url: targetUrl });
    await call('POST', `/api/bins/tour/requests/${id}/replay`, { url: 'http://127.0.0.1:1/' }); // 502
    await call('GET', '/api/bins/tour/export');
    const ndjson = await (await call('GET', `/api/bins/tour/export?format=ndjson&after=${id - 1}`)).text();
    await api(`${s.url}/api/bins/tour-copy/import`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: ndjson });
    await api(`${s.url}/api/bins/tour-copy/import`, { method: 'POST', body: 'neither HAR nor NDJSON' }); // 400
    await call('DELETE', `/api/bins/tour/requests/${second}`);
    await call('DELETE', '/api/bins/tour/requests');
    // live: the upgrade, and a plain GET
    log.push(await upgrade(`${s.url.replace('http', 'ws')}/api/bins/tour/live?after=0`));
    await call('GET', '/api/bins/tour/live');
    await call('GET', '/api/openapi.json');
    await call('POST', '/api/send', { to: targetUrl, as: 'soketi', key, secret, events: [{ name: 'channel_occupied', channel: 'tour' }], retries: 0 });
    await call('POST', '/api/send', { to: targetUrl, as: 'soketi', events: [{ name: 'channel_occupied', channel: 'tour' }] }); // 400 invalid_send
    await call('DELETE', '/api/bins/tour', undefined, { origin: 'http://evil.example' }); // 403 cross_origin
    await call('DELETE', '/api/bins/tour');

    const problems = log.flatMap((x) => createChecker(doc).check(x));
    expect(problems).toEqual([]);
    const detail = log.find((x) => x.path === `/api/bins/tour/requests/${id}` && x.status === 200)?.body as { forwarded: unknown; events: unknown[] };
    expect(detail.forwarded).not.toBeNull(); // the Delivery schema was exercised
    expect(detail.events.length).toBeGreaterThan(0);

    // Every documented answer that is not a plain error was seen at least once.
    const checker = createChecker(doc);
    const seen = new Set(log.map((x) => `${x.method.toLowerCase()} ${checker.templateOf(x.path)} ${x.status}`));
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, r] of Object.entries(op.responses)) {
          const schema = (r.content as Record<string, { schema: { $ref?: string } }> | undefined)?.['application/json']?.schema;
          const plainError = typeof r.$ref === 'string' || schema?.$ref === '#/components/schemas/Error';
          if (!plainError && !seen.has(`${method} ${path} ${status}`)) missing.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('including the 401 of a server with --token', async () => {
    const locked = await startHookscope({ port: 0, db: ':memory:', quiet: true, token: 'tour-token' });
    try {
      const res = await fetch(`${locked.url}/api/bins`);
      const x: Exchange = { method: 'GET', path: '/api/bins', status: res.status, contentType: res.headers.get('content-type'), body: await res.json() };
      expect(x.status).toBe(401);
      expect(createChecker(doc).check(x)).toEqual([]);
    } finally {
      await locked.close();
    }
  });
});

function upgrade(url: string): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('upgrade', (res) => {
      ws.once('message', () => {
        ws.close();
        resolve({ method: 'GET', path: new URL(url).pathname, status: res.statusCode ?? 0, contentType: null, body: undefined });
      });
    });
    ws.once('error', reject);
  });
}
