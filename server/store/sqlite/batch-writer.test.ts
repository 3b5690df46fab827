import { describe, expect, it } from 'vitest';
import { createBatchWriter } from './batch-writer.js';
import { createChanges } from '../changes.js';
import type { NewRequest } from '../request-row.js';
import { decodeEntries, distinctEntries, encodeEntries } from '../terms.js';
import { createSqliteBins } from './bins.js';
import { openDb } from './open-db.js';

function setup() {
  const db = openDb(':memory:');
  const bins = createSqliteBins(db, createChanges(), () => undefined);
  for (const id of ['a', 'b']) {
    void bins.create({
      id, named: true, createdAt: 0, lastActivityAt: 0, requestCount: 0, maxRequests: null, ttlMs: null,
      settings: { pusher: [], secret: null, response: null, forward: null },
    } as Parameters<typeof bins.create>[0]);
  }
  return { db, write: createBatchWriter(db, { defaultMaxRequests: 1000, bin: bins.get }) };
}

function request(binId: string, events: number): NewRequest {
  return {
    binId, receivedAt: 1, method: 'POST', path: `/h/${binId}`, query: '', rawHeaders: [], contentType: null, size: 1,
    truncated: false, remoteAddress: null, body: Buffer.from('x'), signature: { scheme: null, status: 'unsigned' },
    decoder: null, response: null,
    events: Array.from({ length: events }, (_, i) => ({ name: `e${i}`, channel: `presence-${binId}`, userId: i % 2 ? String(i) : undefined })),
  };
}

describe('batch writer', () => {
  it('stores each request with its own event keys, skips a request whose bin is gone, and keeps counts exact', () => {
    const { db, write } = setup();
    const rows = [request('a', 100), request('b', 0), request('gone', 5), request('a', 150), request('b', 130)];
    const keys = rows.map((r) => encodeEntries(distinctEntries(r.events)));
    const outcome = write(rows, keys);
    expect(outcome.ids[2]).toBe(-1);
    const stored = outcome.ids.filter((id) => id > 0);
    expect(stored).toHaveLength(4);
    const saved = db.prepare('SELECT id, bin_id, event_count, event_keys FROM requests ORDER BY id').all() as {
      id: number; bin_id: string; event_count: number; event_keys: string | null;
    }[];
    expect(saved.map((r) => [r.id, r.bin_id, r.event_count])).toEqual([
      [outcome.ids[0], 'a', 100],
      [outcome.ids[1], 'b', 0],
      [outcome.ids[3], 'a', 150],
      [outcome.ids[4], 'b', 130],
    ]);
    // Each row keeps its own distinct event keys.
    expect(saved.map((r) => r.event_keys)).toEqual([keys[0], keys[1], keys[3], keys[4]]);
    expect(decodeEntries(saved[0].event_keys)).toContainEqual({ name: 'e99', channel: 'presence-a', userId: '99' });
    expect(decodeEntries(saved[3].event_keys)).toHaveLength(130);
    expect(saved[1].event_keys).toBeNull();
    // The counts go back to the bins cache; no bins row is written per commit (bins.ts writes the
    // cache's counts back at open and close).
    expect(outcome.bins).toEqual([['a', 2, 1], ['b', 2, 1]]);
    expect(db.prepare('SELECT sum(request_count) FROM bins').pluck().get()).toBe(0);
  });
});
