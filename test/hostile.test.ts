// Hostile input: every case gets a clear error or a faithful capture, never a crash or a hang, and
// the server still answers /healthz afterwards. Raw sockets where a real client would normalize.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { decodeBody } from '../core/decode/index.js';
import { exchange } from './hostile-helpers.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxBody: 4096 });
});
afterAll(() => s.close());
afterEach(async () => {
  const res = await fetch(`${s.url}/healthz`);
  expect(res.status).toBe(200);
});

interface Detail {
  id: number;
  path: string;
  rawHeaders: string[];
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  size: number;
  truncated: boolean;
  decoder: string | null;
  events: unknown[];
}
const detail = async (bin: string, id: number): Promise<Detail> => (await (await fetch(`${s.url}/api/bins/${bin}/requests/${id}`)).json()) as Detail;
const raw = async (bin: string, id: number): Promise<Buffer> => Buffer.from(await (await fetch(`${s.url}/api/bins/${bin}/requests/${id}/raw`)).arrayBuffer());
const idOf = (res: Response): number => Number(res.headers.get('x-hookscope-request-id'));
const req = (lines: string[], body = ''): string => lines.join('\r\n') + '\r\n\r\n' + body;

describe('bodies', () => {
  it('answers 413 over the limit and still records the request, truncated', async () => {
    const res = await fetch(`${s.url}/h/hostile-big`, { method: 'POST', body: Buffer.alloc(100_000, 0x61) });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string }; id: number };
    expect(body.error.code).toBe('payload_too_large');
    const d = await detail('hostile-big', body.id);
    expect(d.truncated).toBe(true);
    expect(d.size).toBe(100_000);
    expect((await raw('hostile-big', body.id)).length).toBe(4096);
  });

  it('captures invalid JSON with a JSON content type byte for byte; decoding reports the failure', async () => {
    const text = '{"events": [ {"name": "member_added", ';
    const res = await fetch(`${s.url}/h/hostile-json`, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    const d = await detail('hostile-json', idOf(res));
    expect(d.body).toBe(text);
    expect(d.events).toEqual([]);
    const stored = await raw('hostile-json', idOf(res));
    expect(stored.toString()).toBe(text);
    const decoded = decodeBody({ body: stored, contentType: 'application/json' });
    expect(decoded.ok).toBe(false);
  });

  it('keeps invalid UTF-8 and null bytes exactly', async () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x00, 0x7d, 0xed, 0xa0, 0x80]);
    const res = await fetch(`${s.url}/h/hostile-bytes`, { method: 'POST', body: bytes, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(res.status).toBe(200);
    const d = await detail('hostile-bytes', idOf(res));
    expect(d.bodyEncoding).toBe('base64');
    expect(Buffer.from(d.body, 'base64').equals(bytes)).toBe(true);
    expect((await raw('hostile-bytes', idOf(res))).equals(bytes)).toBe(true);
  });

  it('survives a chunked body whose client goes away mid-body: nothing stored, nothing pending', async () => {
    const before = s.context.store.bins.get('hostile-abort')?.requestCount ?? 0;
    const r = await exchange(s.port, req(['POST /h/hostile-abort HTTP/1.1', 'Host: localhost', 'Transfer-Encoding: chunked'], '5\r\nhello\r\n'), 200);
    expect(r.closedByServer).toBe(false); // the server waits for the rest; the client then aborts (exchange destroys)
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.context.store.bins.get('hostile-abort')?.requestCount ?? 0).toBe(before);
  });
});

describe('paths', () => {
  it('refuses null bytes and raw control characters in the request line with 400', async () => {
    const r = await exchange(s.port, Buffer.concat([Buffer.from('GET /h/hostile-nul/a'), Buffer.from([0]), Buffer.from('b HTTP/1.1\r\nHost: localhost\r\n\r\n')]));
    expect(r.status).toBe(400);
  });

  it('captures %00 in a sub-path as sent and refuses it in a bin id', async () => {
    const ok = await fetch(`${s.url}/h/hostile-pct/a%00b`, { method: 'POST', body: 'x' });
    expect(ok.status).toBe(200);
    expect((await detail('hostile-pct', idOf(ok))).path).toBe('/h/hostile-pct/a%00b');
    expect((await fetch(`${s.url}/h/%00bin`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 400 to bad percent-encoding on capture and API paths', async () => {
    expect((await exchange(s.port, req(['GET /h/%zz HTTP/1.1', 'Host: localhost', 'Connection: close']))).status).toBe(400);
    for (const path of ['/api/bins/%zz', '/api/bins/%zz/requests', '/api/bins/%E0%A4%A/requests/1']) {
      const r = await exchange(s.port, req([`GET ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close']));
      expect([400, 404]).toContain(r.status);
    }
  });

  it('never serves files outside the viewer through .. segments', async () => {
    const paths = [
      '/assets/../../package.json',
      '/assets/../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/....//....//package.json',
      '/assets/..\\..\\package.json',
      '/b/../../package.json',
    ];
    for (const path of paths) {
      const r = await exchange(s.port, req([`GET ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close']));
      expect(r.text, path).not.toContain('"devDependencies"');
      expect(r.status, path).not.toBe(500);
    }
  });

  it('keeps /h/bin/../../api/bins a capture, not an API call', async () => {
    const r = await exchange(s.port, req(['POST /h/hostile-dots/../../api/bins HTTP/1.1', 'Host: localhost', 'Content-Length: 2', 'Connection: close'], '{}'));
    expect(r.status).toBe(200);
    const id = Number(/X-Hookscope-Request-Id: (\d+)/i.exec(r.text)?.[1]);
    expect((await detail('hostile-dots', id)).path).toBe('/h/hostile-dots/../../api/bins');
  });

  it('refuses over-long bin names with 404/400, not a crash', async () => {
    const long = 'a'.repeat(5000);
    expect((await fetch(`${s.url}/h/${long}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${s.url}/api/bins/${long}`)).status).toBe(404);
    const created = await fetch(`${s.url}/api/bins`, { method: 'POST', body: JSON.stringify({ name: long }), headers: { 'content-type': 'application/json' } });
    expect(created.status).toBe(400);
  });
});

describe('headers', () => {
  it('captures 1,000 headers in order', async () => {
    const lines = ['POST /h/hostile-headers HTTP/1.1', 'Host: localhost', 'Content-Length: 0', 'Connection: close'];
    for (let i = 0; i < 1000; i++) lines.push(`X-H-${i}: ${i}`);
    const r = await exchange(s.port, req(lines));
    expect(r.status).toBe(200);
    const id = Number(/X-Hookscope-Request-Id: (\d+)/i.exec(r.text)?.[1]);
    const d = await detail('hostile-headers', id);
    const names = d.rawHeaders.filter((_, i) => i % 2 === 0).filter((n) => n.startsWith('X-H-'));
    expect(names).toHaveLength(1000);
    expect(names[999]).toBe('X-H-999');
  });

  it('answers 431 to a header over 16 KiB', async () => {
    const r = await exchange(s.port, req(['POST /h/hostile-431 HTTP/1.1', 'Host: localhost', `X-Big: ${'b'.repeat(20_000)}`, 'Content-Length: 0']));
    expect(r.status).toBe(431);
  });
});
