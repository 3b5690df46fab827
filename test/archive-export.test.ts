// GET /api/bins/:bin/export (issue 18): HAR 1.2 that a HAR validator accepts, headers in arrival order
// with case and duplicates, non-UTF-8 bodies as base64, hookscope's own fields under _hookscope;
// NDJSON with everything a restore needs; oldest first, after/before, streamed page by page.
import { har as validateHar } from 'har-validator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXPORT_PAGE } from '../server/formats/archive-store.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { BINARY, fillBin, member } from './helpers/archive.js';
import { send } from './helpers/http.js';

type Entry = {
  startedDateTime: string;
  request: { method: string; url: string; headers: { name: string; value: string }[]; queryString: unknown[]; cookies: unknown[]; postData?: { mimeType: string; text: string; encoding?: string }; bodySize: number };
  response: { status: number };
  _hookscope: { id: number; bin: string; signature: { status: string }; events: { name: string }[]; response: unknown; attempt: number; retryOf?: number; truncated: boolean; size: number };
};

let s: HookscopeServer;
let ids: number[];
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxBody: 2048 });
  ids = await fillBin(s, 'src');
});
afterAll(() => s.close());

const exported = async (query: string) => {
  const res = await fetch(`${s.url}/api/bins/src/export${query}`);
  return { res, text: await res.text() };
};

describe('HAR', () => {
  it('is valid HAR 1.2 (har-validator), one entry per request, oldest first', async () => {
    const { res, text } = await exported('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="src.har"');
    const doc = JSON.parse(text) as { log: { version: string; creator: { name: string }; entries: Entry[] } };
    await expect(validateHar(doc)).resolves.toBeDefined();
    expect(doc.log.creator.name).toBe('hookscope');
    expect(doc.log.entries.map((e) => e._hookscope.id)).toEqual(ids);
  });

  it('keeps headers, query, body and time as captured; hookscope fields under _hookscope', async () => {
    const { log } = JSON.parse((await exported('')).text) as { log: { entries: Entry[] } };
    const [first, retry, binary, get, big] = log.entries;
    expect(first.request.method).toBe('POST');
    expect(first.request.url).toBe(`${s.url}/h/src/pusher?x=1&y=%20z`);
    expect(first.request.queryString).toEqual([{ name: 'x', value: '1' }, { name: 'y', value: ' z' }]);
    const names = first.request.headers.map((h) => h.name);
    expect(names.filter((n) => n.toLowerCase() === 'x-trace')).toEqual(['X-Trace', 'x-trace']);
    expect(names.indexOf('X-Trace')).toBeLessThan(names.indexOf('x-trace'));
    expect(first.request.postData).toEqual({ mimeType: 'application/json', text: member.request.body });
    expect(first._hookscope).toMatchObject({ bin: 'src', signature: { status: 'valid' }, events: [{ name: 'member_added' }], response: { status: 503 }, attempt: 1 });
    expect(first.response.status).toBe(503);
    expect(retry._hookscope).toMatchObject({ attempt: 2, retryOf: ids[0], response: { status: 200 } });
    expect(binary.request.postData).toEqual({ mimeType: 'application/octet-stream', text: BINARY.toString('base64'), encoding: 'base64' });
    expect(get.request.postData).toBeUndefined();
    expect(get.request.bodySize).toBe(0);
    expect(big._hookscope).toMatchObject({ truncated: true, size: 5000 });
    expect(big.request.bodySize).toBe(5000);
    expect(big.request.postData?.text.length).toBe(2048);
    const stored = (await (await fetch(`${s.url}/api/bins/src/requests/${ids[0]}`)).json()) as { receivedAt: number };
    expect(Date.parse(first.startedDateTime)).toBe(stored.receivedAt);
  });

  it('takes after and before', async () => {
    const { log } = JSON.parse((await exported(`?after=${ids[0]}&before=${ids[4]}`)).text) as { log: { entries: Entry[] } };
    expect(log.entries.map((e) => e._hookscope.id)).toEqual(ids.slice(1, 4));
    const none = JSON.parse((await exported(`?after=${ids[4]}`)).text) as { log: { entries: Entry[] } };
    expect(none.log.entries).toEqual([]);
    await expect(validateHar(none)).resolves.toBeDefined();
  });
});

describe('NDJSON', () => {
  it('is one request per line with what a restore needs', async () => {
    const { res, text } = await exported('?format=ndjson');
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(ids);
    expect(lines[0]).toMatchObject({ format: 'hookscope.request/1', method: 'POST', path: '/h/src/pusher', query: 'x=1&y=%20z', bodyEncoding: 'utf8', body: member.request.body, response: { status: 503 } });
    expect((lines[0].rawHeaders as string[]).filter((h) => h.toLowerCase() === 'x-trace')).toEqual(['X-Trace', 'x-trace']);
    expect(lines[2]).toMatchObject({ bodyEncoding: 'base64', body: BINARY.toString('base64') });
    expect(lines[4]).toMatchObject({ truncated: true, size: 5000 });
  });

  it('rejects an unknown format with the error shape', async () => {
    const { res, text } = await exported('?format=csv');
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_query' } });
    expect((await fetch(`${s.url}/api/bins/nope/export`)).status).toBe(404);
  });
});

describe('streaming', () => {
  it('reads the store a page at a time, never the whole bin', async () => {
    const total = EXPORT_PAGE * 3 + 7;
    await Promise.all(Array.from({ length: total }, (_, i) => send(`${s.url}/h/many/n${i}`, { body: `{"n":${i}}`, headers: [['Content-Type', 'application/json']] })));
    const query = vi.spyOn(s.context.store.requests, 'query');
    try {
      const text = await (await fetch(`${s.url}/api/bins/many/export?format=ndjson`)).text();
      expect(text.trimEnd().split('\n')).toHaveLength(total);
      expect(query.mock.calls.length).toBeGreaterThanOrEqual(4);
      for (const [, q] of query.mock.calls) expect(q.limit).toBeLessThanOrEqual(EXPORT_PAGE);
    } finally {
      query.mockRestore();
    }
  });
});
