// /v1/socket: the Webhook Relay-compatible stream (protocol: seeds/004, server/live/README.md).
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { HookscopeServer } from '../server/start.js';
import { api, capture, type Client, connect, type Message, startServer, wsUrl } from './live-helpers.js';
import { testDb } from './helpers/test-db.js';

let server: HookscopeServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

async function relay(): Promise<Client> {
  const c = await connect(wsUrl(server!.url, '/v1/socket'));
  clients.push(c);
  return c;
}

/** Sends a frame and waits for the next message. */
async function ask(c: Client, frame: unknown): Promise<Message> {
  const n = c.messages.length;
  c.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  await c.until(() => c.messages.length > n, `answer to ${JSON.stringify(frame)}`);
  return c.messages[n];
}

const webhooks = (c: Client): Message[] => c.messages.filter((m) => m.type === 'webhook');

async function authed(key = 'k', secret = 's'): Promise<Client> {
  const c = await relay();
  expect(await ask(c, { action: 'auth', key, secret })).toMatchObject({ status: 'authenticated' });
  return c;
}

describe('relay-compatible stream /v1/socket', () => {
  it('authenticates with the configured key and secret, refuses and closes otherwise', async () => {
    server = await startServer({ relayKey: 'rk', relaySecret: 'rs' });
    const good = await relay();
    expect(await ask(good, { action: 'auth', key: 'rk', secret: 'rs' })).toEqual({
      type: 'status',
      status: 'authenticated',
      message: 'connected successfully, subscribe to buckets',
    });
    for (const creds of [{ key: 'rk', secret: 'wrong' }, { key: 'wrong', secret: 'rs' }, { key: 'rk' }, { key: 1, secret: 'rs' }]) {
      const bad = await relay();
      expect(await ask(bad, { action: 'auth', ...creds })).toMatchObject({ type: 'status', status: 'unauthorized' });
      expect((await bad.closed).code).toBe(1008);
    }
  });

  it('accepts any key and secret when none are configured', async () => {
    server = await startServer();
    const c = await relay();
    expect(await ask(c, { action: 'auth', key: 'anything', secret: 'at-all' })).toMatchObject({ status: 'authenticated' });
  });

  it('takes the --token as the secret when only a token is configured', async () => {
    server = await startServer({ token: 'tok' });
    const bad = await relay();
    expect(await ask(bad, { action: 'auth', key: 'x', secret: 'nope' })).toMatchObject({ status: 'unauthorized' });
    const good = await relay();
    expect(await ask(good, { action: 'auth', key: 'x', secret: 'tok' })).toMatchObject({ status: 'authenticated' });
  });

  it('subscribes by name and by id, delivers only those buckets, with the seed schema', async () => {
    server = await startServer();
    const created = await api(server.url, 'POST', '/api/bins', {});
    const randomId = created.json.id as string;
    const c = await authed();
    expect(await ask(c, { action: 'subscribe', buckets: ['named-one', randomId] })).toEqual({
      type: 'status',
      status: 'subscribed',
      message: `subscribed to buckets: named-one, ${randomId}`,
    });
    const a = await capture(server.url, '/h/named-one/some/path?foo=bar&x=1', '{"hi": "there"}', {
      'Content-Type': 'application/json',
      'X-Dup': ['one', 'two'],
      'x-lower': 'v',
    }, 'PUT');
    await capture(server.url, '/h/other-bin', '{}');
    const b = await capture(server.url, `/h/${randomId}`, Buffer.from([0xff, 0xfe, 0x00, 0x80]), { 'Content-Type': 'application/octet-stream' });
    await c.until(() => webhooks(c).length >= 2, 'two webhooks');
    const [first, second] = webhooks(c);
    expect(first).toMatchObject({
      type: 'webhook',
      meta: { bucked_id: 'named-one', bucket_id: 'named-one', bucket_name: 'named-one', input_id: 'named-one', request_id: a.id },
      query: 'foo=bar&x=1',
      body: '{"hi": "there"}',
      method: 'PUT',
    });
    expect(first).not.toHaveProperty('bodyEncoding');
    const headers = first.headers as Record<string, string[]>;
    expect(headers['Content-Type']).toEqual(['application/json']);
    expect(headers['X-Dup']).toEqual(['one', 'two']);
    expect(headers['x-lower']).toEqual(['v']);
    expect(Object.keys(headers).indexOf('Content-Type')).toBeLessThan(Object.keys(headers).indexOf('X-Dup'));
    expect(second).toMatchObject({ meta: { bucket_id: randomId, request_id: b.id }, bodyEncoding: 'base64', method: 'POST' });
    expect(Buffer.from(second.body as string, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    expect(webhooks(c).every((m) => (m.meta as { bucket_id: string }).bucket_id !== 'other-bin')).toBe(true);
  });

  it('subscribes to every bucket without a filter, and a new subscribe replaces the old one', async () => {
    server = await startServer();
    const c = await authed();
    expect(await ask(c, { action: 'subscribe' })).toMatchObject({ status: 'subscribed', message: 'subscribed to all buckets' });
    await capture(server.url, '/h/one');
    await capture(server.url, '/h/two');
    await c.until(() => webhooks(c).length >= 2, 'two webhooks');
    expect(webhooks(c).map((m) => (m.meta as { bucket_id: string }).bucket_id)).toEqual(['one', 'two']);
    expect(await ask(c, { action: 'subscribe', buckets: ['two'] })).toMatchObject({ message: 'subscribed to buckets: two' });
    await capture(server.url, '/h/one');
    await capture(server.url, '/h/two');
    await c.until(() => webhooks(c).length >= 3, 'third webhook');
    expect(webhooks(c).map((m) => (m.meta as { bucket_id: string }).bucket_id)).toEqual(['one', 'two', 'two']);
  });

  it('answers bad frames, unknown actions and early subscribes with a status, and keeps the socket', async () => {
    server = await startServer();
    const c = await relay();
    expect(await ask(c, 'not json{')).toMatchObject({ type: 'status', status: 'error', message: expect.stringMatching(/invalid JSON/) });
    expect(await ask(c, '[1,2]')).toMatchObject({ type: 'status', status: 'error' });
    expect(await ask(c, 'null')).toMatchObject({ type: 'status', status: 'error' });
    expect(await ask(c, { action: 'dance' })).toMatchObject({ type: 'status', status: 'error', message: expect.stringMatching(/unknown action "dance"/) });
    expect(await ask(c, { action: 'subscribe', buckets: ['x'] })).toMatchObject({ status: 'unauthorized' });
    expect(await ask(c, { action: 'auth', key: 'k', secret: 's' })).toMatchObject({ status: 'authenticated' });
    expect(await ask(c, { action: 'subscribe', buckets: 'x' })).toMatchObject({ status: 'error' });
    expect(await ask(c, { action: 'subscribe', buckets: ['x'] })).toMatchObject({ status: 'subscribed' });
    c.ws.send(Buffer.from([0xff, 0x00]), { binary: true });
    expect(await ask(c, { action: 'nope' })).toMatchObject({ status: 'error' });
    await capture(server.url, '/h/x');
    await c.until(() => webhooks(c).length === 1, 'webhook after bad frames');
  });

  it("runs the seed's JavaScript example client with only its URL changed", async () => {
    server = await startServer();
    // seeds/004 "JavaScript Example", verbatim except the server URL.
    const seedClient = `
const WebSocket = require('ws');
var server = '${wsUrl(server.url, '/v1/socket')}';
var reconnectInterval = 1000 * 3;
var ws;
var apiKey = process.env.RELAY_KEY;
var apiSecret = process.env.RELAY_SECRET;
var connect = function(){
ws = new WebSocket(server);
ws.on('open', function() {
console.log('connected, sending authentication request');
ws.send(JSON.stringify({ action: 'auth', key: apiKey, secret: apiSecret }));
});
ws.on('message', function incoming(data) {
console.log(data)
// parse message and if we have authenticated, subscribe to our bucket
var msg = JSON.parse(data);
if (msg.type === 'status' && msg.status === 'authenticated') {
ws.send(JSON.stringify({ action: 'subscribe', buckets: ['my-bucket'] }));
}
});
ws.on('error', function() {
console.log('socket error');
});
ws.on('close', function() {
console.log('socket closed, reconnecting');
setTimeout(connect, reconnectInterval);
});
};
connect();`;
    const lines: string[] = [];
    let onLine = (): void => {};
    const fakeConsole = { log: (x: unknown) => (lines.push(String(x)), onLine()) };
    const fakeProcess = { env: { RELAY_KEY: 'your-token-key', RELAY_SECRET: 'your-token-secret' } };
    const noReconnect = (): void => {};
    const waitFor = (cond: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('seed client got: ' + lines.join('\n'))), 5000);
        onLine = () => cond() && (clearTimeout(timer), resolve());
        onLine();
      });
    new Function('require', 'process', 'console', 'setTimeout', seedClient)(createRequire(import.meta.url), fakeProcess, fakeConsole, noReconnect);

    await waitFor(() => lines.some((l) => l.includes('"subscribed"')));
    expect(JSON.parse(lines[1])).toEqual({ type: 'status', status: 'authenticated', message: 'connected successfully, subscribe to buckets' });
    expect(JSON.parse(lines[2])).toEqual({ type: 'status', status: 'subscribed', message: 'subscribed to buckets: my-bucket' });
    await capture(server.url, '/h/my-bucket?foo=bar', '{"hi": "there"}', { 'Content-Type': 'application/json' }, 'PUT');
    await waitFor(() => lines.length >= 4);
    const webhook = JSON.parse(lines[3]) as Message;
    expect(webhook).toMatchObject({ type: 'webhook', meta: { bucked_id: 'my-bucket', bucket_name: 'my-bucket' }, query: 'foo=bar', body: '{"hi": "there"}', method: 'PUT' });
    expect((webhook.headers as Record<string, string[]>)['Content-Type']).toEqual(['application/json']);
    await server.close();
    server = undefined;
    await waitFor(() => lines.at(-1) === 'socket closed, reconnecting');
  });
});
