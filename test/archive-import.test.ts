// POST /api/bins/:bin/import (issue 18): hookscope's HAR and NDJSON come back as the same requests
// (method, path moved to the bin, query, headers, body bytes, received time, answer, retry attempt)
// with verdicts and events derived from the target bin's secrets; devtools HAR imports too; bad files
// are 400 unsupported_import and change nothing; unreadable entries are skipped and counted.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { detail, fillBin, importFile, KEY, list, restorable, SECRET } from './helpers/archive.js';
import { json, post } from './helpers/http.js';

const fixtureText = (name: string) => readFileSync(new URL(`./fixtures/har/${name}`, import.meta.url), 'utf8');

let s: HookscopeServer;
let ids: number[];
let har: string;
let ndjson: string;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxBody: 2048 });
  ids = await fillBin(s, 'src');
  har = await (await fetch(`${s.url}/api/bins/src/export?format=har`)).text();
  ndjson = await (await fetch(`${s.url}/api/bins/src/export?format=ndjson`)).text();
});
afterAll(() => s.close());

async function expectSameRequests(target: string, answer: Record<string, unknown>): Promise<number[]> {
  expect(answer).toMatchObject({ imported: ids.length, skipped: [], skippedCount: 0 });
  const copies = (await list(s, target)).map((r) => r.id);
  expect(copies).toHaveLength(ids.length);
  expect([answer.firstId, answer.lastId]).toEqual([copies[0], copies.at(-1)]);
  for (let i = 0; i < ids.length; i++) expect(await restorable(s, target, copies[i])).toEqual(await restorable(s, 'src', ids[i]));
  const retry = await detail(s, target, copies[1]);
  expect(retry).toMatchObject({ attempt: 2, retryOf: copies[0], path: `/h/${target}/pusher` });
  return copies;
}

describe('a round trip', () => {
  it('NDJSON restores every request exactly; signatures derived with the target bin\'s secret', async () => {
    await post(`${s.url}/api/bins`, { name: 'copy-nd', pusher: [{ key: KEY, secret: 'another-secret' }] });
    const { status, body } = await importFile(s, 'copy-nd', ndjson, 'application/x-ndjson');
    expect(status).toBe(200);
    expect(body.format).toBe('ndjson');
    const copies = await expectSameRequests('copy-nd', body);
    expect((await detail(s, 'copy-nd', copies[0])).signature).toMatchObject({ status: 'invalid', reason: 'mismatch' });
  });

  it('HAR restores them too (into a bin created by the import)', async () => {
    const { status, body } = await importFile(s, 'copy-har', har, 'application/json');
    expect(status).toBe(200);
    expect(body.format).toBe('har');
    const copies = await expectSameRequests('copy-har', body);
    expect((await detail(s, 'copy-har', copies[0])).signature.status).toBe('no_secret');
    // events and their index are derived again: the event filters find the imported requests
    const events = (await json<{ events: { requestId: number }[] }>(`${s.url}/api/bins/copy-har/events?name=member_added`)).body.events;
    expect(events.map((e) => e.requestId).sort()).toEqual([copies[0], copies[1]]);
  });
});

describe('HAR from other tools', () => {
  it('Chrome devtools: pseudo-headers left out, what it lacks left empty, unreadable entries counted', async () => {
    await post(`${s.url}/api/bins`, { name: 'devtools', pusher: [{ key: KEY, secret: SECRET }] });
    const { status, body } = await importFile(s, 'devtools', fixtureText('chrome-devtools.har'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ format: 'har', imported: 2, skippedCount: 1, skipped: [{ entry: 2, reason: 'request.url is missing' }] });
    const [hook, page] = await list(s, 'devtools');
    const d = await detail(s, 'devtools', hook.id);
    expect(d).toMatchObject({
      method: 'POST',
      path: '/h/devtools/webhooks/pusher',
      query: 'source=devtools&x=a%20b',
      receivedAt: Date.parse('2024-11-23T10:20:00.123Z'),
      remoteAddress: null,
      response: null,
      signature: { status: 'valid', scheme: 'pusher' },
      eventNames: ['member_added'],
    });
    expect(d.rawHeaders).toEqual(['accept', '*/*', 'content-type', 'application/json', 'cookie', 'session=abc; theme=dark', 'x-pusher-key', '278d425bdf160c739803', 'x-pusher-signature', '7eb5c83592115dcbc42ee3081ca258b1a8cfe4dba24cf5aea72d3cd5e7284528']);
    expect(d.attempt).toBeUndefined();
    expect(await detail(s, 'devtools', page.id)).toMatchObject({ method: 'GET', path: '/h/devtools', size: 0, body: '' });
  });

  it('Firefox: a time zone offset, duplicate headers, a form body kept as its text', async () => {
    const { body } = await importFile(s, 'firefox', fixtureText('firefox.har'));
    expect(body).toMatchObject({ imported: 1, skippedCount: 0 });
    const [only] = await list(s, 'firefox');
    const d = await detail(s, 'firefox', only.id);
    expect(d.receivedAt).toBe(Date.parse('2024-11-23T10:00:00.456Z'));
    expect(d.rawHeaders).toEqual(['Host', 'localhost:8000', 'Content-Type', 'application/x-www-form-urlencoded', 'X-Dup', 'one', 'x-dup', 'two']);
    expect(d).toMatchObject({ path: '/h/firefox/hooks/tsb', body: 'event=subscribe&n=1&x=%C3%A9', decoder: 'form' });
  });
});

describe('bad input', () => {
  it('a file that is neither: 400 unsupported_import naming what is expected, nothing created', async () => {
    for (const file of ['just text', '{"foo": 1}', '[1, 2]', '{"log": {"entries": 3}}', '']) {
      const { status, body } = await importFile(s, 'never', file);
      expect(status, file).toBe(400);
      expect(body).toMatchObject({ error: { code: 'unsupported_import' } });
      expect(JSON.stringify(body)).toContain('expected a HAR 1.2 file');
    }
    expect((await fetch(`${s.url}/api/bins/never`)).status).toBe(404);
  });

  it('NDJSON lines that cannot be read are skipped and listed by line', async () => {
    const [good, second] = ndjson.trimEnd().split('\n');
    const broken = JSON.stringify({ ...JSON.parse(second), method: 42 });
    const file = [good, 'not json', broken, '', JSON.stringify({ format: 'something else' })].join('\n');
    const { status, body } = await importFile(s, 'partial', file);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      imported: 1,
      skippedCount: 3,
      skipped: [
        { line: 2, reason: 'not valid JSON' },
        { line: 3, reason: 'method is missing or not an HTTP method' },
        { line: 5, reason: expect.stringContaining('not a hookscope request') },
      ],
    });
  });

  it('a file over --max-import: 413 import_too_large, nothing created', async () => {
    const small = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxImport: 1024 });
    try {
      const r = await json(`${small.url}/api/bins/big/import`, { method: 'POST', body: ndjson });
      expect(r).toMatchObject({ status: 413, body: { error: { code: 'import_too_large' } } });
      expect((await fetch(`${small.url}/api/bins/big`)).status).toBe(404);
    } finally {
      await small.close();
    }
  });

  it('a write that fails part way removes what the import had stored; the bin is as it was', async () => {
    await post(`${s.url}/api/bins`, { name: 'fragile' });
    await importFile(s, 'fragile', ndjson);
    const before = (await list(s, 'fragile')).map((r) => r.id);
    const writer = s.context.store.writer;
    const write = writer.write.bind(writer);
    let n = 0;
    (writer as { write: typeof writer.write }).write = (row, done) => (++n === 4 ? done(new Error('disk full')) : write(row, done));
    try {
      const { status, body } = await importFile(s, 'fragile', ndjson);
      expect(status).toBe(500);
      expect(body).toMatchObject({ error: { code: 'internal_error' } });
    } finally {
      (writer as { write: typeof writer.write }).write = write;
    }
    expect((await list(s, 'fragile')).map((r) => r.id)).toEqual(before);
  });
});
