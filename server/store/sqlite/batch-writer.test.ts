import { describe, expect, it } from 'vitest';
import { createBatchWriter } from './batch-writer.js';
import { createChanges } from '../changes.js';
import type { NewRequest } from '../request-row.js';
import { createSqliteBins } from './bins.js';
import { openDb } from './open-db.js';

function setup() {
  const db = openDb(':memory:');
  const bins = createSqliteBins(db, createChanges());
  for (const id of ['a', 'b']) {
    void bins.create({
      id, named: true, createdAt: 0, lastActivityAt: 0, requestCount: 0, maxRequests: null, ttlMs: null,
      settings: { pusher: [], secret: null, response: null, forward: null },
    } as Parameters<typeof bins.create>[0]);
  }
  return { db, write: createBatchWriter(db, { defaultMaxRequests: 1000 }) };
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
  it('writes the event rows of a whole batch, over several multi-row statements, each under its request', () => {
    const { db, write } = setup();
    // 100 + 0 + 150 + 130 events: more than one statement's worth, with a row whose bin is gone in between.
    const outcome = write([request('a', 100), request('b', 0), request('gone', 5), request('a', 150), request('b', 130)]);
    expect(outcome.ids[2]).toBe(-1);
    const stored = outcome.ids.filter((id) => id > 0);
    expect(stored).toHaveLength(4);
    const rows = db.prepare('SELECT request_id, idx, bin_id, name, channel, user_id FROM events ORDER BY request_id, idx').all() as {
      request_id: number; idx: number; bin_id: string; name: string; channel: string; user_id: string | null;
    }[];
    expect(rows).toHaveLength(380);
    const expected = [[outcome.ids[0], 'a', 100], [outcome.ids[3], 'a', 150], [outcome.ids[4], 'b', 130]] as const;
    let k = 0;
    for (const [id, bin, n] of expected) {
      for (let i = 0; i < n; i++, k++) {
        expect(rows[k]).toEqual({ request_id: id, idx: i, bin_id: bin, name: `e${i}`, channel: `presence-${bin}`, user_id: i % 2 ? String(i) : null });
      }
    }
    const counts = db.prepare('SELECT id, event_count FROM requests ORDER BY id').all();
    expect(counts).toEqual([
      { id: outcome.ids[0], event_count: 100 },
      { id: outcome.ids[1], event_count: 0 },
      { id: outcome.ids[3], event_count: 150 },
      { id: outcome.ids[4], event_count: 130 },
    ]);
  });
});
