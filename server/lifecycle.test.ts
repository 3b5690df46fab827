import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLifecycle, drainServer } from './lifecycle.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server = undefined;
});

function get(port: number, agent: Agent, path: string): Promise<{ status?: number; connection?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code }));
    req.end();
  });
}

describe('lifecycle', () => {
  it('runs drain hooks once at the start of the stop, and at once when registered after it', () => {
    const l = createLifecycle();
    const ran: string[] = [];
    const off = l.onDrain(() => ran.push('a'));
    l.onDrain(() => ran.push('b'));
    off();
    expect(l.draining).toBe(false);
    l.begin();
    l.begin();
    expect(l.draining).toBe(true);
    expect(l.signal.aborted).toBe(true);
    expect(ran).toEqual(['b']);
    l.onDrain(() => ran.push('late'));
    expect(ran).toEqual(['b', 'late']);
  });

  it('answers a request in flight with Connection: close, closes idle connections, then resolves', async () => {
    const l = createLifecycle();
    let release = (): void => {};
    server = createServer((req, res) => {
      if (l.draining) res.setHeader('Connection', 'close');
      if (req.url === '/slow') release = () => (l.closeAfter(res), res.end('slow'));
      else res.end('fast');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const agent = new Agent({ keepAlive: true });
    expect((await get(port, agent, '/idle')).connection).toBe('keep-alive'); // leaves an idle connection
    const arrived = new Promise((r) => server!.once('request', r));
    const slow = get(port, agent, '/slow');
    await arrived;
    l.begin();
    const drained = drainServer(server, { graceMs: 5000, idleGraceMs: 20 });
    expect((await get(port, new Agent(), '/new')).error).toBe('ECONNREFUSED');
    release();
    expect(await slow).toEqual({ status: 200, connection: 'close' });
    expect(await drained).toEqual({ forced: false });
    agent.destroy();
  });

  it('cuts what is still busy at the deadline', async () => {
    server = createServer(() => {}); // never answers
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const arrived = new Promise((r) => server!.once('request', r));
    const hung = get(port, new Agent(), '/never');
    await arrived;
    expect(await drainServer(server, { graceMs: 200 })).toEqual({ forced: true });
    expect((await hung).error).toBe('ECONNRESET');
  });
});
