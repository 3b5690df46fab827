// Each bin's request count and last activity: the cache is the truth while the file is open; the bins
// columns are recomputed from the requests at open and written back then and by persist() (at close).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createChanges } from '../changes.js';
import type { NewRequest } from '../request-row.js';
import { createBatchWriter } from './batch-writer.js';
import { createSqliteBins } from './bins.js';
import { migrate } from './migrations.js';
import { openDb } from './open-db.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const request = (binId: string, receivedAt: number): NewRequest => ({
  binId, receivedAt, method: 'POST', path: `/h/${binId}`, query: '', rawHeaders: [], contentType: null, size: 1, truncated: false,
  remoteAddress: null, body: Buffer.from('x'), signature: { scheme: null, status: 'unsigned' }, decoder: null, response: null, events: [],
});

function open(path: string) {
  const db = openDb(path);
  migrate(db);
  const bins = createSqliteBins(db, createChanges(), () => undefined);
  return { db, bins, write: createBatchWriter(db, { defaultMaxRequests: 3, bin: bins.get }) };
}

const columns = (db: ReturnType<typeof openDb>) =>
  db.prepare('SELECT id, request_count AS n, last_activity_at AS at FROM bins ORDER BY id').all();

describe('sqlite bins: counts and activity', () => {
  it('recomputes them from the requests at open, whatever the columns said, and writes them back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hookscope-counts-'));
    const path = join(dir, 'c.db');
    const first = open(path);
    for (const id of ['a', 'b', 'empty']) {
      await first.bins.create({ id, named: true, createdAt: 10, lastActivityAt: 10, requestCount: 0, maxRequests: null, ttlMs: null,
        settings: { pusher: [], secret: null, response: null, forward: null } } as Parameters<typeof first.bins.create>[0]);
    }
    const out = first.write([request('a', 100), request('a', 200), request('b', 300), request('a', 400), request('a', 500)], [null, null, null, null, null]);
    // The cap of 3 pruned a's oldest; the batch wrote no bins row.
    expect(out.bins).toEqual([['a', 3, 500], ['b', 1, 300]]);
    expect(columns(first.db)).toEqual([{ id: 'a', n: 0, at: 10 }, { id: 'b', n: 0, at: 10 }, { id: 'empty', n: 0, at: 10 }]);
    // What a crash leaves, or an older build's drift: wrong columns.
    first.db.prepare("UPDATE bins SET request_count = 99 WHERE id IN ('a', 'empty')").run();
    first.db.close();

    const again = open(path);
    expect(again.bins.get('a')).toMatchObject({ requestCount: 3, lastActivityAt: 500 });
    expect(again.bins.get('b')).toMatchObject({ requestCount: 1, lastActivityAt: 300 });
    expect(again.bins.get('empty')).toMatchObject({ requestCount: 0, lastActivityAt: 10 });
    expect(again.bins.totalRequests()).toBe(4);
    expect(columns(again.db)).toEqual([{ id: 'a', n: 3, at: 500 }, { id: 'b', n: 1, at: 300 }, { id: 'empty', n: 0, at: 10 }]);

    // persist() (the store's close) writes what the cache holds now.
    const bin = again.bins.get('b');
    if (bin) (bin.requestCount = 7), (bin.lastActivityAt = 900);
    again.bins.persist();
    expect(columns(again.db)).toContainEqual({ id: 'b', n: 7, at: 900 });
    again.db.close();
  });
});
