// Capture fidelity: what a sender sends is what is stored, byte for byte and header for header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { json, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), maxBody: 1024, quiet: true });
});
afterAll(() => s.close());

interface Detail {
  id: number;
  method: string;
  path: string;
  query: string;
  rawHeaders: string[];
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  size: number;
  truncated: boolean;
  remoteAddress: string;
  receivedAt: number;
  contentType: string | null;
}

const detail = async (bin: string, id: number) => (await json<Detail>(`${s.url}/api/bins/${bin}/requests/${id}`)).body;
const raw = async (bin: string, id: number) => Buffer.from(await (await fetch(`${s.url}/api/bins/${bin}/requests/${id}/raw`)).arrayBuffer());

describe('capture', () => {
  it('answers 404 bin_not_found and stores nothing when the bin is deleted before the request commits', async () => {
    await fetch(`${s.url}/h/vanishing`, { method: 'POST', body: 'first' }); // auto-creates the bin
    const queue = s.context.store.writer;
    const write = queue.write;
    // Deleted after capture decided where the request goes, before the group commit runs.
    queue.write = (request, done) => {
      void s.context.store.bins.remove(request.binId).then(() => write(request, done));
    };
    try {
      const res = await fetch(`${s.url}/h/vanishing`, { method: 'POST', body: 'second' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bin_not_found');
    } finally {
      queue.write = write;
    }
    expect(await s.context.store.requests.head('vanishing')).toBe(0);
    expect(await s.context.store.requests.summaries('vanishing', { order: 'asc', limit: 10 })).toEqual([]);
  });

  it('keeps headers in arrival order, original case and duplicates', async () => {
    const headers: [string, string][] = [
      ['X-Zeta', 'last-alphabetically-first'],
      ['content-TYPE', 'application/json'],
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['X-DUP', 'three'],
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
    ];
    const res = await send(`${s.url}/h/fidelity/a/b?x=1&x=2&y=%20`, { headers, body: '{"a":1}' });
    expect(res.status).toBe(200);
    const id = Number(res.headers['x-hookscope-request-id']);
    expect(JSON.parse(res.body.toString())).toEqual({ ok: true, id, bin: 'fidelity' });
    const d = await detail('fidelity', id);
    const pairs: [string, string][] = [];
    for (let i = 0; i < d.rawHeaders.length; i += 2) pairs.push([d.rawHeaders[i], d.rawHeaders[i + 1]]);
    const sent = pairs.filter(([n]) => !/^(host|content-length|connection)$/i.test(n));
    expect(sent).toEqual(headers);
    expect(d.method).toBe('POST');
    expect(d.path).toBe('/h/fidelity/a/b');
    expect(d.query).toBe('x=1&x=2&y=%20');
    expect(d.body).toBe('{"a":1}');
    expect(d.contentType).toBe('application/json');
    expect(d.remoteAddress).toMatch(/127\.0\.0\.1/);
  });

  it('stores binary, gzip-like and non-UTF-8 bodies byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
    const res = await send(`${s.url}/h/binary`, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' }, body: bytes });
    const id = Number(res.headers['x-hookscope-request-id']);
    expect((await raw('binary', id)).equals(bytes)).toBe(true);
    const d = await detail('binary', id);
    expect(d.bodyEncoding).toBe('base64');
    expect(Buffer.from(d.body, 'base64').equals(bytes)).toBe(true);
    expect(d.size).toBe(512);
  });

  it('stores an empty body and answers every method', async () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE', 'POST', 'PROPFIND']) {
      const res = await send(`${s.url}/h/methods`, { method });
      expect(res.status, method).toBe(200);
      const id = Number(res.headers['x-hookscope-request-id']);
      const d = await detail('methods', id);
      expect(d.method).toBe(method);
      expect(d.body).toBe('');
      expect(d.size).toBe(0);
      expect((await raw('methods', id)).length).toBe(0);
    }
  });

  it('records an oversized body truncated and answers 413', async () => {
    const body = Buffer.alloc(4096, 'x');
    const res = await send(`${s.url}/h/big`, { headers: { 'Content-Type': 'text/plain' }, body });
    expect(res.status).toBe(413);
    const err = JSON.parse(res.body.toString()) as { error: { code: string }; id: number };
    expect(err.error.code).toBe('payload_too_large');
    const d = await detail('big', err.id);
    expect(d.truncated).toBe(true);
    expect(d.size).toBe(4096);
    expect((await raw('big', err.id)).length).toBe(1024);
  });

  it('receivedAt is a millisecond timestamp of arrival', async () => {
    const before = Date.now();
    const res = await send(`${s.url}/h/clock`, { body: 'x' });
    const d = await detail('clock', Number(res.headers['x-hookscope-request-id']));
    expect(d.receivedAt).toBeGreaterThanOrEqual(before);
    expect(d.receivedAt).toBeLessThanOrEqual(Date.now());
  });

  it('refuses ids that are not valid names, and bad percent-encoding', async () => {
    expect((await send(`${s.url}/h/Not_A_Name`, { body: 'x' })).status).toBe(404);
    expect((await send(`${s.url}/h/${'a'.repeat(64)}`, { body: 'x' })).status).toBe(404);
    const bad = await send(`${s.url}/h/%E0%A4%A`, { body: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).error.code).toBe('bad_path');
  });
});

describe('auto-create off', () => {
  it('answers 404 JSON for an unknown bin and captures for a known one', async () => {
    const t = await startHookscope({ port: 0, db: await testDb(), autoCreate: false, bins: [{ name: 'preset' }], quiet: true });
    try {
      const res = await send(`${t.url}/h/unknown`, { body: 'x' });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString()).error.code).toBe('bin_not_found');
      expect((await json(`${t.url}/api/bins/unknown`)).status).toBe(404);
      expect((await send(`${t.url}/h/preset`, { body: 'x' })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('text bodies', () => {
  it('keeps a leading UTF-8 byte order mark in the text view', async () => {
    const t = await startHookscope({ port: 0, db: await testDb(), quiet: true });
    try {
      const body = Buffer.from('\uFEFF{"a":"é"}', 'utf8');
      const res = await send(`${t.url}/h/bom`, { headers: { 'Content-Type': 'application/json' }, body });
      const d = (await json<Detail>(`${t.url}/api/bins/bom/requests/${res.headers['x-hookscope-request-id']}`)).body;
      expect(d.bodyEncoding).toBe('utf8');
      expect(Buffer.from(d.body, 'utf8').equals(body)).toBe(true);
    } finally {
      await t.close();
    }
  });
});
