// The event queries stay index range scans on a big bin: checked with EXPLAIN QUERY PLAN on 50,000
// requests (the 1,000,000-row timing belongs to the benchmark), and their results checked too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_ALL } from '../server/events/cursor.js';
import { createDecodedRequestLoader } from '../server/events/decoded-requests.js';
import { createEventPages } from '../server/events/event-pages.js';
import { createFirstMatch } from '../server/events/first-match.js';
import { createRequestList, type RequestFilter } from '../server/events/request-list.js';
import { createChanges } from '../server/store/changes.js';
import type { EventRequestQuery } from '../server/store/index.js';
import { eventRequestsSql } from '../server/store/sqlite/event-requests.js';
import { type Db, openDb } from '../server/store/sqlite/open-db.js';
import { R_FULL } from '../server/store/sqlite/request-where.js';
import { createSqliteRequests, type SqliteRequests } from '../server/store/sqlite/requests.js';

const N = 50_000;
const NAMES = ['channel_occupied', 'member_added', 'client_event', 'member_removed', 'channel_vacated'];
let db: Db;
let requests: SqliteRequests;

/** Request i of bin "big" holds two events; request 7 alone holds a cache_miss. */
function batch(i: number): { name: string; channel: string; event?: string; user_id?: string }[] {
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

beforeAll(() => {
  db = openDb(':memory:');
  const insertRequest = db.prepare(
    `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated, body,
       sig_status, signature, decoder, event_count, event_names)
     VALUES (?, 0, 'POST', '/h/x', '', '[]', 'application/json', ?, 0, ?, ?, ?, 'pusher-batch', ?, ?)`,
  );
  const insertEvent = db.prepare('INSERT INTO events (request_id, idx, bin_id, name, channel, event, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      // Interleave a second bin so the big bin's rows are not contiguous.
      for (const bin of ['big', 'other']) {
        const events = bin === 'big' ? batch(i) : batch(i + 1).filter((e) => e.name !== 'cache_miss');
        const body = Buffer.from(JSON.stringify({ time_ms: 1, events }));
        const status = i % 2 ? 'valid' : 'invalid';
        const signature = JSON.stringify({ scheme: 'pusher', status });
        const names = JSON.stringify(events.map((e) => e.name));
        const id = Number(insertRequest.run(bin, body.length, body, status, signature, events.length, names).lastInsertRowid);
        events.forEach((e, j) => insertEvent.run(id, j, bin, e.name, e.channel, e.event ?? null, e.user_id ?? null));
      }
    }
  })();
});
afterAll(() => db.close());
beforeAll(() => {
  requests = createSqliteRequests(db, createChanges(), () => undefined);
});

function plan(sql: string, args: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
}

/**
 * The query is driven by an events index (first plan line), every table access is a SEARCH (no
 * full SCAN) and no temp b-tree sorts the result.
 */
function expectIndexed(lines: string[]): void {
  const all = lines.join(' | ');
  expect(lines[0], all).toMatch(/^SEARCH e USING (COVERING )?INDEX events_/);
  for (const line of lines) expect(line, all).not.toMatch(/^SCAN|TEMP B-TREE/);
}

const afterRequest = (requestId: number) => ({ requestId, index: AFTER_ALL });

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
};

/** The engine's query for requests that may hold matching events (what the neutral layer pages over). */
const candidatesPlan = (q: Omit<EventRequestQuery, 'limit' | 'order'> & { order?: 'asc' | 'desc' }) => {
  const { sql, args } = eventRequestsSql(R_FULL, 'big', { order: 'desc', limit: 64, ...q });
  return plan(sql, args);
};

const loader = () => createDecodedRequestLoader(requests, 1 << 20);

describe('events page (GET /events)', () => {
  it.each<[Omit<EventRequestQuery, 'limit' | 'order'>]>([
    [{ events: {} }],
    [{ events: { name: 'cache_miss' } }],
    [{ events: { channel: 'presence-3' } }],
    [{ events: { event: 'client-4' } }],
    [{ events: { userId: 'u17' } }],
    [{ events: { name: 'member_added' }, before: 90_001 }],
    [{ events: { userId: 'u17' }, after: 499 }],
  ])('uses an events index for %j', (q) => {
    expectIndexed(candidatesPlan(q));
  });

  it('finds a rare event at the far end of a big bin quickly, with full decoded events', async () => {
    const pages = createEventPages(requests, loader());
    await pages.page('big', { name: 'cache_miss', limit: 100 });
    const { value, ms } = await timed(() => pages.page('big', { name: 'cache_miss', limit: 100 }));
    expect(value.events.map((e) => [e.name, e.channel, e.index])).toEqual([['cache_miss', 'cache-rare', 0]]);
    expect(value.events[0].request.bin).toBe('big');
    expect(ms).toBeLessThan(50);
  });

  it('a filtered page matches a brute-force filter of the rows', async () => {
    const pages = createEventPages(requests, loader());
    const page = await pages.page('big', { userId: 'u20', name: 'member_added', limit: 1000 });
    const brute = db
      .prepare("SELECT request_id, idx FROM events WHERE bin_id = 'big' AND user_id = 'u20' AND name = 'member_added' ORDER BY request_id DESC, idx DESC")
      .all() as { request_id: number; idx: number }[];
    expect(page.events.map((e) => [e.requestId, e.index])).toEqual(brute.map((r) => [r.request_id, r.idx]));
    expect(brute.length).toBeGreaterThan(0);
  });
});

describe('requests list with an event filter', () => {
  it.each<[Omit<EventRequestQuery, 'limit' | 'order'>]>([
    [{ events: { name: 'cache_miss' } }],
    [{ events: { name: 'member_added' }, before: 80_000 }],
    [{ events: { userId: 'u5' }, method: 'POST' }],
    [{ events: { channel: 'presence-9' }, signature: 'valid', after: 1000 }],
    [{ events: { event: 'client-2' }, q: 'presence' }],
  ])('is driven by an events index for %j', (q) => {
    expectIndexed(candidatesPlan(q));
  });

  it('returns the rare request fast and the same ids as EXISTS would', async () => {
    const list = createRequestList(requests, loader());
    const { value, ms } = await timed(() => list.list('big', { limit: 100, name: 'cache_miss' }));
    expect(value.map((r) => r.eventNames)).toEqual([['cache_miss']]);
    expect(ms).toBeLessThan(50);
    const page = (await list.list('big', { limit: 50, channel: 'presence-9', signature: 'valid' })).map((r) => r.id);
    const brute = db
      .prepare(`SELECT r.id FROM requests r WHERE r.bin_id = 'big' AND r.sig_status = 'valid'
        AND EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.channel = 'presence-9') ORDER BY r.id DESC LIMIT 50`)
      .pluck()
      .all();
    expect(page).toEqual(brute);
  });
});

describe('wait: first stored match', () => {
  it.each<[Omit<EventRequestQuery, 'limit' | 'order'>]>([
    [{ events: { name: 'cache_miss' }, after: 0 }],
    [{ events: { userId: 'u3' }, signature: 'valid', after: 0 }],
    [{ events: { event: 'client-1' }, method: 'POST', after: 0 }],
  ])('uses an events index for %j', (q) => {
    expectIndexed(candidatesPlan({ ...q, order: 'asc' }));
  });

  it('finds the oldest match after a request id', async () => {
    const first = createFirstMatch(requests, loader());
    expect((await first.find('big', { name: 'cache_miss' }, afterRequest(0)))?.event?.channel).toBe('cache-rare');
    expect(await first.find('big', { name: 'cache_miss' }, afterRequest(1000))).toBeNull();
    const m = await first.find('big', { name: 'member_added', signature: 'valid' }, afterRequest(50_000));
    expect(m?.request.id).toBeGreaterThan(50_000);
    expect(m?.request.signature.status).toBe('valid');
    expect(m?.event?.name).toBe('member_added');
    expect(await first.latestId('big')).toBe(2 * N - 1);
  });
});
