// A bins read that misses a row must not remove what this node learnt while the read was on its way
// (bins.ts refresh, feed.ts full resync).
// The pool is a stand-in that holds the SELECT until the test lets it answer, so the interleaving is
// exact (with a real server it is a race: a 200-waiter test lost it now and then under load).
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { BinRecord } from '../bin-record.js';
import { createChanges } from '../changes.js';
import type { StoreChange } from '../contract.js';
import { type BinRow, createBinCache } from './bin-cache.js';
import { createPgBins } from './bins.js';
import { createFeed } from './feed.js';
import type { Notifier } from './notifier.js';

const record: BinRecord = {
  id: 'w-many', named: true, createdAt: 1, lastActivityAt: 1, requestCount: 0, maxRequests: null, ttlMs: null,
  settings: { pusher: [], secret: null, response: null } as unknown as BinRecord['settings'],
};
const row: BinRow = {
  id: 'w-many', named: true, created_at: 1, last_activity_at: 1, request_count: 0, max_requests: null, ttl_ms: null,
  settings: JSON.stringify(record.settings), last_id: 0, rev: 0,
};

function setup() {
  const reads: ((rows: BinRow[]) => void)[] = [];
  const pool = {
    query: (sql: string) =>
      sql.trimStart().startsWith('SELECT')
        ? new Promise((resolve) => reads.push((rows) => resolve({ rows })))
        : Promise.resolve({ rows: [row] }),
  } as unknown as pg.Pool;
  const cache = createBinCache();
  const changes = createChanges();
  const seen: StoreChange[] = [];
  changes.subscribe((c) => seen.push(c));
  const bins = createPgBins(pool, cache, changes, { send() {} } as unknown as Notifier);
  const feed = createFeed({ pool, cache, changes, node: 'n1', watched: () => false });
  return { bins, feed, cache, reads, seen };
}

describe('pg bins: refresh racing this node\'s own create', () => {
  it('keeps a bin created here while a read that missed it was on its way', async () => {
    const { bins, reads, seen } = setup();
    const refreshed = bins.refresh('w-many');
    await bins.ensure(record);
    reads[0]([]); // the read ran before the insert committed
    expect(await refreshed).toMatchObject({ id: 'w-many' });
    expect(bins.get('w-many')).toBeDefined();
    expect(seen.filter((c) => c.type === 'bin_deleted')).toEqual([]);
  });

  it('still forgets a cached bin the database no longer has', async () => {
    const { bins, reads, seen } = setup();
    await bins.ensure(record);
    const refreshed = bins.refresh('w-many');
    reads[0]([]);
    expect(await refreshed).toBeUndefined();
    expect(bins.get('w-many')).toBeUndefined();
    expect(seen).toContainEqual({ type: 'bin_deleted', binId: 'w-many' });
  });
});

describe('pg feed: a full resync racing this node\'s own create', () => {
  it('forgets the bins removed before its read, keeps the one created here during it', async () => {
    const { bins, feed, cache, reads, seen } = setup();
    cache.applyRow({ ...row, id: 'gone' });
    const resynced = feed.resync(true);
    await new Promise((r) => setImmediate(r)); // the SELECT is on its way
    await bins.ensure(record);
    reads[0]([]); // neither row: 'gone' was removed, 'w-many' not committed yet when it ran
    await resynced;
    expect(bins.get('gone')).toBeUndefined();
    expect(bins.get('w-many')).toBeDefined();
    expect(seen.filter((c) => c.type === 'bin_deleted')).toEqual([{ type: 'bin_deleted', binId: 'gone' }]);
  });
});
