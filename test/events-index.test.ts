// The events index on a big bin: filtered pages, filtered request lists and waits agree with a brute
// force over the stored bodies, and only the candidate requests the index names are read and decoded
// (a rare event at the far end of 50,000 requests costs one decode). The 1,000,000-request timing
// belongs to the benchmark (npm run bench -- --only query).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECODER_VERSION } from '../core/decode/index.js';
import { AFTER_ALL } from '../server/events/cursor.js';
import { indexLimit } from '../server/events/decode-body.js';
import { createDecodedRequestLoader } from '../server/events/decoded-requests.js';
import { createEventPages } from '../server/events/event-pages.js';
import { createFirstMatch } from '../server/events/first-match.js';
import { createRequestList } from '../server/events/request-list.js';
import { createDeriver } from '../server/derive.js';
import { openDb } from '../server/store/sqlite/open-db.js';
import { DECODER_VERSION_KEY } from '../server/store/sqlite/reindex.js';
import { byIdsSql } from '../server/store/sqlite/requests.js';
import { openSqliteStore, type SqliteStore } from '../server/store/sqlite/sqlite-store.js';
import { distinctEntries, encodeEntries } from '../server/store/terms.js';
import { decodeEvents, indexEntries } from '../server/events/decode-body.js';

const N = 50_000;
const NAMES = ['channel_occupied', 'member_added', 'client_event', 'member_removed', 'channel_vacated'];
type Ev = { name: string; channel: string; event?: string; user_id?: string };
/** Request i of bin "big" holds two events; request 7 alone holds a cache_miss. */
function batch(i: number): Ev[] {
  if (i === 7) return [{ name: 'cache_miss', channel: 'cache-rare' }];
  return [0, 1].map((j) => {
    const name = NAMES[(i + j) % NAMES.length];
    return {
      name,
      channel: `presence-${i % 100}`,
      ...(name === 'client_event' ? { event: `client-${i % 10}` } : {}),
      ...(name.startsWith('member') || name === 'client_event' ? { user_id: `u${i % 1000}` } : {}),
    };
  });
}

let dir: string;
let store: SqliteStore;
/** Every stored request of bin "big": id, its verdict and its events, oldest first (the brute force). */
const big: { id: number; status: string; events: Ev[] }[] = [];
let decodes = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookscope-index-'));
  const path = join(dir, 'index.db');
  const db = openDb(path);
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(DECODER_VERSION_KEY, DECODER_VERSION);
  for (const bin of ['big', 'other']) {
    db.prepare(`INSERT INTO bins (id, named, created_at, last_activity_at, request_count, settings) VALUES (?, 1, 0, 0, ?, '{}')`).run(bin, N);
  }
  const insert = db.prepare(
    `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated, body,
       sig_status, signature, decoder, event_count, event_names, event_keys)
     VALUES (?, 0, 'POST', '/h/x', '', '[]', 'application/json', ?, 0, ?, ?, ?, 'pusher-batch', ?, ?, ?)`,
  );
  const index = { limit: indexLimit(1 << 20) };
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      // Interleave a second bin so the big bin's rows are not contiguous.
      for (const bin of ['big', 'other']) {
        const events = bin === 'big' ? batch(i) : batch(i + 1).filter((e) => e.name !== 'cache_miss');
        const body = Buffer.from(JSON.stringify({ time_ms: 1, events }));
        const status = i % 2 ? 'valid' : 'invalid';
        const entries = indexEntries(decodeEvents({ body, contentType: 'application/json', rawHeaders: [] }, index.limit).events);
        const id = Number(insert.run(bin, body.length, body, status, JSON.stringify({ scheme: 'pusher', status }), events.length,
          JSON.stringify(events.map((e) => e.name)), encodeEntries(distinctEntries(entries))).lastInsertRowid);
        if (bin === 'big') big.push({ id, status, events });
      }
    }
  })();
  db.close();
  store = openSqliteStore({ db: path, sync: 'normal', defaultMaxRequests: 1_000_000, maxDbSize: null, now: Date.now,
    index: { version: DECODER_VERSION, decode: () => ({ decoder: null, events: [] }) } });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A loader over the store that counts the bodies it decodes. */
function countingLoader() {
  const loader = createDecodedRequestLoader(store.requests, indexLimit(1 << 20));
  const decode = loader.decode;
  return { ...loader, decode: (...args: Parameters<typeof decode>) => (decodes++, decode(...args)) };
}

const matches = (e: Ev, f: { name?: string; channel?: string; event?: string; userId?: string }) =>
  (!f.name || e.name === f.name) && (!f.channel || e.channel === f.channel) && (!f.event || e.event === f.event) && (!f.userId || e.user_id === f.userId);

const afterRequest = (requestId: number) => ({ requestId, index: AFTER_ALL });

describe('events page (GET /events)', () => {
  it('finds a rare event at the far end of a big bin by decoding only that request', async () => {
    const pages = createEventPages(store.requests, countingLoader());
    decodes = 0;
    const page = await pages.page('big', { name: 'cache_miss', limit: 100 });
    expect(page.events.map((e) => [e.name, e.channel, e.index])).toEqual([['cache_miss', 'cache-rare', 0]]);
    expect(page.events[0].request.bin).toBe('big');
    expect(decodes).toBe(1);
  });

  it.each([
    [{ userId: 'u20', name: 'member_added' }],
    [{ channel: 'presence-1', name: 'client_event' }],
    [{ event: 'client-1' }],
    [{ channel: 'presence-42' }],
  ])('a filtered page equals a brute-force filter of the bodies, for %j', async (f) => {
    const pages = createEventPages(store.requests, countingLoader());
    const page = await pages.page('big', { ...f, limit: 1000 });
    const brute = big.flatMap((r) => r.events.map((e, index) => ({ e, id: r.id, index }))).filter((x) => matches(x.e, f)).reverse();
    expect(brute.length).toBeGreaterThan(0);
    expect(page.events.map((e) => [e.requestId, e.index])).toEqual(brute.slice(0, 1000).map((x) => [x.id, x.index]));
  });

  it('pages with the cursor it hands out, without a gap or a repeat', async () => {
    const pages = createEventPages(store.requests, countingLoader());
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await pages.page('big', { channel: 'presence-9', limit: 7, before });
      seen.push(...page.events.map((e) => `${e.requestId}:${e.index}`));
      if (!page.next) break;
      before = page.next;
    }
    const brute = big.flatMap((r) => r.events.map((e, index) => ({ e, key: `${r.id}:${index}` }))).filter((x) => x.e.channel === 'presence-9').reverse();
    expect(seen).toEqual(brute.slice(0, seen.length).map((x) => x.key));
    expect(seen.length).toBe(35);
  });
});

describe('requests list with an event filter', () => {
  it('returns the rare request without decoding anything (one field: the index is exact), and the same ids as a brute force', async () => {
    const list = createRequestList(store.requests, countingLoader());
    decodes = 0;
    expect((await list.list('big', { limit: 100, name: 'cache_miss' })).map((r) => r.eventNames)).toEqual([['cache_miss']]);
    expect(decodes).toBe(0);
    const page = (await list.list('big', { limit: 50, channel: 'presence-9', signature: 'valid' })).map((r) => r.id);
    const brute = big.filter((r) => r.status === 'valid' && r.events.some((e) => e.channel === 'presence-9')).map((r) => r.id).reverse().slice(0, 50);
    expect(page).toEqual(brute);
    expect(page.length).toBe(50);
  });

  it('answers name + channel from the index alone, and confirms other field combinations by decoding', async () => {
    const list = createRequestList(store.requests, countingLoader());
    for (const [f, decoded] of [[{ name: 'client_event', channel: 'presence-1' }, false], [{ name: 'member_added', userId: 'u20' }, true]] as const) {
      decodes = 0;
      const page = (await list.list('big', { limit: 30, ...f })).map((r) => r.id);
      const brute = big.filter((r) => r.events.some((e) => matches(e, f))).map((r) => r.id).reverse().slice(0, 30);
      expect(page).toEqual(brute);
      expect(page.length).toBe(30);
      expect(decodes >= 30).toBe(decoded);
    }
  });

  it('reads candidate rows by rowid, not by a scan of the bin', () => {
    const { sql, args } = byIdsSql('big', [1, 2, 3], { order: 'desc', limit: 3, method: 'POST', signature: 'valid', q: 'presence' });
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(/SEARCH r USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan.join(' | ')).not.toMatch(/SCAN r\b/);
  });
});

describe('wait: first stored match', () => {
  it('finds the oldest match after a request id', async () => {
    const first = createFirstMatch(store.requests, countingLoader());
    expect((await first.find('big', { name: 'cache_miss' }, afterRequest(0)))?.event?.channel).toBe('cache-rare');
    expect(await first.find('big', { name: 'cache_miss' }, afterRequest(1000))).toBeNull();
    const m = await first.find('big', { name: 'member_added', signature: 'valid' }, afterRequest(50_000));
    const brute = big.find((r) => r.id > 50_000 && r.status === 'valid' && r.events.some((e) => e.name === 'member_added'));
    expect(m?.request.id).toBe(brute?.id);
    expect(m?.request.signature.status).toBe('valid');
    expect(m?.event?.name).toBe('member_added');
    expect(await first.latestId('big')).toBe(2 * N - 1);
  });

  it('takes the later events of the `after` request itself when the cursor names one of its events', async () => {
    const first = createFirstMatch(store.requests, countingLoader());
    const target = big.find((r) => r.events[1]?.channel === 'presence-11' && r.id > 1000);
    const m = await first.find('big', { channel: 'presence-11' }, { requestId: target!.id, index: 0 });
    expect([m?.request.id, m?.event?.index]).toEqual([target!.id, 1]);
  });
});

describe('the index follows writes', () => {
  it('a captured request is a candidate at once, a pruned one never again', async () => {
    const deriver = createDeriver({ pusherKey: null, pusherSecret: null });
    const body = Buffer.from(JSON.stringify({ time_ms: 1, events: [{ name: 'member_added', channel: 'presence-new', user_id: 'zz' }] }));
    const input = { rawHeaders: [], body, contentType: 'application/json' };
    const d = deriver.derive(store.bins.get('other')!, input);
    const id = await new Promise<number>((resolve, reject) =>
      store.writer.write({ binId: 'other', receivedAt: 1, method: 'POST', path: '/h/other', query: '', rawHeaders: [], contentType: 'application/json',
        size: body.length, truncated: false, remoteAddress: null, body, signature: d.signature, decoder: d.decoder, events: d.events, response: null },
      (err, s) => (err ? reject(err) : resolve(s!.id))));
    const list = createRequestList(store.requests, countingLoader());
    expect((await list.list('other', { limit: 10, userId: 'zz' })).map((r) => r.id)).toEqual([id]);
    await store.bins.clear('other');
    expect(await list.list('other', { limit: 10, userId: 'zz' })).toEqual([]);
    expect(await list.list('other', { limit: 10, channel: 'presence-1' })).toEqual([]);
  });
});
