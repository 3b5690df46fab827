// The event queries stay index range scans on a big bin: checked with EXPLAIN QUERY PLAN on 50,000
// requests (the 1,000,000-row timing belongs to the benchmark), and their results checked too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_ALL } from '../server/events/cursor.js';
import { createDecodedRequestLoader } from '../server/events/decoded-requests.js';
import { createEventPages } from '../server/events/event-pages.js';
import { createFirstMatch } from '../server/events/first-match.js';
import { type Db, openDb } from '../server/store/open-db.js';
import { createRequestStore, type RequestFilter } from '../server/store/requests.js';

const N = 50_000;
const NAMES = ['channel_occupied', 'member_added', 'client_event', 'member_removed', 'channel_vacated'];
let db: Db;

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

const timed = <T>(fn: () => T): { value: T; ms: number } => {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
};

describe('events page (GET /events)', () => {
  const loader = () => createDecodedRequestLoader(db, 1 << 20);
  it.each([
    [{}],
    [{ name: 'cache_miss' }],
    [{ channel: 'presence-3' }],
    [{ event: 'client-4' }],
    [{ userId: 'u17' }],
    [{ name: 'member_added', before: '90000:1' }],
    [{ userId: 'u17', after: '500' }],
  ])('uses an events index for %j', (filter) => {
    const pages = createEventPages(db, loader());
    const { sql, args } = pages.positionsQuery('big', { limit: 100, ...filter });
    expectIndexed(plan(sql, args));
  });

  it('finds a rare event at the far end of a big bin quickly, with full decoded events', () => {
    const pages = createEventPages(db, loader());
    pages.page('big', { name: 'cache_miss', limit: 100 });
    const { value, ms } = timed(() => pages.page('big', { name: 'cache_miss', limit: 100 }));
    expect(value.events.map((e) => [e.name, e.channel, e.index])).toEqual([['cache_miss', 'cache-rare', 0]]);
    expect(value.events[0].request.bin).toBe('big');
    expect(ms).toBeLessThan(50);
  });

  it('a filtered page matches a brute-force filter of the rows', () => {
    const pages = createEventPages(db, loader());
    const page = pages.page('big', { userId: 'u20', name: 'member_added', limit: 1000 });
    const brute = db
      .prepare("SELECT request_id, idx FROM events WHERE bin_id = 'big' AND user_id = 'u20' AND name = 'member_added' ORDER BY request_id DESC, idx DESC")
      .all() as { request_id: number; idx: number }[];
    expect(page.events.map((e) => [e.requestId, e.index])).toEqual(brute.map((r) => [r.request_id, r.idx]));
    expect(brute.length).toBeGreaterThan(0);
  });
});

describe('requests list with an event filter', () => {
  const store = () => createRequestStore(db);
  it.each<[Partial<RequestFilter>]>([
    [{ name: 'cache_miss' }],
    [{ name: 'member_added', before: 80_000 }],
    [{ userId: 'u5', method: 'POST' }],
    [{ channel: 'presence-9', signature: 'valid', after: 1000 }],
    [{ event: 'client-2', q: 'presence' }],
  ])('is driven by an events index for %j', (filter) => {
    const { sql, args } = store().eventListQuery('big', { limit: 100, ...filter });
    expectIndexed(plan(sql, args));
  });

  it('returns the rare request fast and the same ids as EXISTS would', () => {
    const requests = store();
    const { value, ms } = timed(() => requests.list('big', { limit: 100, name: 'cache_miss' }));
    expect(value.map((r) => r.eventNames)).toEqual([['cache_miss']]);
    expect(ms).toBeLessThan(50);
    const page = requests.list('big', { limit: 50, channel: 'presence-9', signature: 'valid' }).map((r) => r.id);
    const brute = db
      .prepare(`SELECT r.id FROM requests r WHERE r.bin_id = 'big' AND r.sig_status = 'valid'
        AND EXISTS (SELECT 1 FROM events e WHERE e.request_id = r.id AND e.channel = 'presence-9') ORDER BY r.id DESC LIMIT 50`)
      .pluck()
      .all();
    expect(page).toEqual(brute);
  });
});

describe('wait: first stored match', () => {
  it.each([[{ name: 'cache_miss' }], [{ userId: 'u3', signature: 'valid' }], [{ event: 'client-1', method: 'POST' }]])(
    'uses an events index for %j',
    (filter) => {
      const first = createFirstMatch(db, createDecodedRequestLoader(db, 1 << 20));
      const { sql, args } = first.eventsQuery('big', filter, { requestId: 0, index: 0 });
      expectIndexed(plan(sql, args));
    },
  );

  it('finds the oldest match after a request id', () => {
    const first = createFirstMatch(db, createDecodedRequestLoader(db, 1 << 20));
    expect(first.find('big', { name: 'cache_miss' }, afterRequest(0))?.event?.channel).toBe('cache-rare');
    expect(first.find('big', { name: 'cache_miss' }, afterRequest(1000))).toBeNull();
    const m = first.find('big', { name: 'member_added', signature: 'valid' }, afterRequest(50_000));
    expect(m?.request.id).toBeGreaterThan(50_000);
    expect(m?.request.signature.status).toBe('valid');
    expect(m?.event?.name).toBe('member_added');
    expect(first.latestId('big')).toBe(2 * N - 1);
  });
});
