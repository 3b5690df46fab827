// The event index is a cache of the decoder's output over the raw bodies: a changed DECODER_VERSION
// rebuilds it at start, from the stored bytes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DECODER_VERSION } from '../core/decode/index.js';
import type { RequestSummary } from '../core/wire.js';
import { startHookscope } from '../server/index.js';
import { openDb } from '../server/store/sqlite/open-db.js';
import { DECODER_VERSION_KEY, reindexEventsIfStale } from '../server/store/sqlite/reindex.js';
import { sqliteDbOf } from '../server/store/sqlite/sqlite-store.js';
import { loadFixtures, sendableHeaders } from './helpers/fixtures.js';
import { json, send } from './helpers/http.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-reindex-'));
  dirs.push(dir);
  return join(dir, 'hookscope.db');
};

describe('event index rebuild', () => {
  it('a fresh database records the decoder version and rebuilds nothing the second time', () => {
    const db = openDb(':memory:');
    const index = { version: DECODER_VERSION, decode: () => ({ decoder: null, events: [] }) };
    expect(reindexEventsIfStale(db, index).rebuilt).toBe(true);
    expect(db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(DECODER_VERSION_KEY)).toBe(DECODER_VERSION);
    expect(reindexEventsIfStale(db, index).rebuilt).toBe(false);
    db.close();
  });

  it('restarting with another stored decoder version rebuilds events from the raw bodies', async () => {
    const path = tempDb();
    const fixtures = loadFixtures('sockudo');
    let s = await startHookscope({ port: 0, db: path, quiet: true });
    for (const f of fixtures) {
      const res = await send(`${s.url}/h/rebuild`, { headers: sendableHeaders(f), body: f.request.body });
      expect(res.status).toBe(200);
    }
    const before = (await json<{ events: unknown[] }>(`${s.url}/api/bins/rebuild/events?limit=1000`)).body.events;
    const summaries = (await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/rebuild/requests`)).body.requests;
    expect(before.length).toBeGreaterThan(fixtures.length);
    await s.close();

    // Simulate an index written by an older decoder: wrong version, derived columns and events gone.
    const raw = new Database(path);
    raw.prepare('UPDATE meta SET value = ? WHERE key = ?').run('old-decoder', DECODER_VERSION_KEY);
    raw.exec("UPDATE requests SET decoder = NULL, event_count = 0, event_names = '[]', event_keys = NULL;");
    raw.close();

    s = await startHookscope({ port: 0, db: path, quiet: true });
    try {
      const after = (await json<{ events: unknown[] }>(`${s.url}/api/bins/rebuild/events?limit=1000`)).body.events;
      expect(after).toEqual(before);
      const rebuilt = (await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/rebuild/requests`)).body.requests;
      const derived = (r: RequestSummary) => [r.id, r.decoder, r.eventCount, r.eventNames];
      expect(rebuilt.map(derived)).toEqual(summaries.map(derived));
      const filtered = await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/rebuild/requests?name=member_added`);
      expect(filtered.body.requests.length).toBeGreaterThan(0);
      expect(sqliteDbOf(s.context.store).prepare('SELECT value FROM meta WHERE key = ?').pluck().get(DECODER_VERSION_KEY)).toBe(DECODER_VERSION);
    } finally {
      await s.close();
    }
  });
});
