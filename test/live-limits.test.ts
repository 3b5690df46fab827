// Live socket limits: a client that never reads is dropped with 1013 while capture goes on; a client
// that never answers pings is terminated.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { HookscopeServer } from '../server/start.js';
import { api, capture, type Client, connect, startServer, summaryIds, wsUrl } from './live-helpers.js';

let server: HookscopeServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

async function open(path: string, options = {}): Promise<Client> {
  const c = await connect(wsUrl(server!.url, path), options);
  clients.push(c);
  await c.until(() => c.messages.length > 0, 'hello');
  return c;
}

describe('live socket limits', () => {
  it('closes a client that does not read with 1013 once its buffer passes the limit; capture keeps answering; it resumes with after', async () => {
    server = await startServer({ live: { maxBuffered: 64 * 1024, closeGrace: 20_000 }, maxRequests: 100_000 });
    await api(server.url, 'POST', '/api/bins', { name: 'slow' });
    const slow = await open('/api/bins/slow/live');
    const healthy = await open('/api/bins/slow/live');
    const socket = (slow.ws as unknown as { _socket: Socket })._socket;
    socket.pause();

    // Large summaries (long query) fill the kernel buffers and then the server's send buffer.
    const path = '/h/slow/fill?q=' + 'x'.repeat(8000);
    const statuses: number[] = [];
    const ids: number[] = [];
    for (let round = 0; round < 400 && server.context.hub.subscriberCount('slow') === 2; round++) {
      const results = await Promise.all(Array.from({ length: 20 }, () => capture(server!.url, path)));
      for (const r of results) (statuses.push(r.status), ids.push(r.id));
    }
    expect(server.context.hub.subscriberCount('slow')).toBe(1);
    const after = await capture(server.url, '/h/slow/after-drop');
    expect(after.status).toBe(200);
    ids.push(after.id);
    expect(statuses.every((s) => s === 200)).toBe(true);

    socket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/too slow/);
    const seen = summaryIds(slow.messages);
    expect(seen.length).toBeLessThan(ids.length);

    await healthy.until(() => summaryIds(healthy.messages).length >= ids.length, 'healthy client gets everything');
    expect(summaryIds(healthy.messages)).toEqual(ids);
    const resumed = await open(`/api/bins/slow/live?after=${seen.length > 0 ? seen[seen.length - 1] : 0}`);
    const rest = ids.filter((id) => !seen.includes(id));
    await resumed.until(() => summaryIds(resumed.messages).length >= rest.length, 'the rest after resuming');
    expect([...seen, ...summaryIds(resumed.messages)]).toEqual(ids);
  });

  it('terminates a client that stops answering pings and keeps the one that answers', async () => {
    server = await startServer({ live: { pingInterval: 40 } });
    await api(server.url, 'POST', '/api/bins', { name: 'beat' });
    const dead = await open('/api/bins/beat/live', { autoPong: false });
    const alive = await open('/api/bins/beat/live');
    let pings = 0;
    const fivePings = new Promise<void>((resolve) => alive.ws.on('ping', () => ++pings === 5 && resolve()));
    const closed = await dead.closed;
    expect(closed.code).toBe(1006);
    await fivePings;
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
    expect(server.context.hub.subscriberCount('beat')).toBe(1);
  });
});
