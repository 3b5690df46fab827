// Hostile connections: WebSocket frames from clients (garbage, binary, too big, not even frames),
// slowloris header dribblers and bodies that never end. The server stays up, answers others
// promptly, and closes what is stuck within its (shortened) timeouts.
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { closedWithin, exchange, hang } from './hostile-helpers.js';
import { connect, wsUrl } from './live-helpers.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({
    port: 0,
    db: ':memory:',
    quiet: true,
    live: { maxPayload: 1024 },
    httpTimeouts: { headers: 400, request: 800, checkInterval: 100 },
  });
  await fetch(`${s.url}/h/hostile-ws`, { method: 'POST', body: 'seed' });
});
afterAll(() => s.close());
afterEach(async () => {
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
});

/** A new capture still reaches a fresh live client: the live machinery survived. */
async function liveStillWorks(): Promise<void> {
  const c = await connect(wsUrl(s.url, '/api/bins/hostile-ws/live'));
  await fetch(`${s.url}/h/hostile-ws`, { method: 'POST', body: 'after' });
  await c.until(() => c.messages.some((m) => m.type === 'requests'), 'a requests message');
  c.close();
}

describe('websocket frames from clients', () => {
  for (const path of ['/api/bins/hostile-ws/live', '/v1/socket']) {
    it(`${path}: garbage text, binary and a frame over maxPayload`, async () => {
      const c = await connect(wsUrl(s.url, path));
      c.ws.send('{not json');
      c.ws.send('"just a string"');
      c.ws.send(JSON.stringify({ action: 'subscribe', buckets: 'not-an-array' }));
      c.ws.send(Buffer.from([0, 1, 2, 255]));
      c.ws.send(Buffer.alloc(4096, 0x61)); // over the 1 KiB test maxPayload
      const closed = await c.closed;
      expect(closed.code).toBe(1009); // message too big (RFC 6455 7.4.1)
      await liveStillWorks();
    });
  }

  it('closes a socket that sends bytes that are not frames (unmasked, reserved bits)', async () => {
    const ws = new WebSocket(wsUrl(s.url, '/api/bins/hostile-ws/live'));
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    const raw = (ws as unknown as { _socket: Socket })._socket;
    const closed = closedWithin(raw, 3000);
    raw.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02]));
    await closed;
    await liveStillWorks();
  });
});

describe('slow and stuck connections', () => {
  it('keeps answering others while 100 connections dribble headers, then times them out with 408', async () => {
    const slow = await Promise.all(Array.from({ length: 100 }, () => hang(s.port, 'POST /h/hostile-slow HTTP/1.1\r\nHost: localhost\r\nX-Slow: ')));
    let closedSoFar = 0;
    const closings = slow.map((socket) => closedWithin(socket, 3000).then((text) => (closedSoFar++, text)));
    const res = await fetch(`${s.url}/h/hostile-fast`, { method: 'POST', body: 'quick' });
    expect(res.status).toBe(200);
    // Answered while every slow connection was still held open: they did not block it.
    expect(closedSoFar).toBe(0);
    const answers = await Promise.all(closings);
    expect(answers.every((text) => text === '' || text.startsWith('HTTP/1.1 408'))).toBe(true);
  });

  it('times out a chunked body that never ends, stores nothing, and leaks no pending write', async () => {
    const before = s.context.store.bins.get('hostile-stuck')?.requestCount ?? 0;
    const socket = await hang(s.port, 'POST /h/hostile-stuck HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
    const t0 = Date.now();
    await closedWithin(socket, 3000);
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(s.context.store.bins.get('hostile-stuck')?.requestCount ?? 0).toBe(before);
    const count = await new Promise<number>((resolve) => s.server.getConnections((_err, n) => resolve(n)));
    expect(count).toBeLessThan(5);
  });
});
