// An old database opens and answers the same: a file written by the previous schema (events index in
// an events table, schema version 4) is migrated at start, its index rebuilt from the raw bodies.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHookscope } from '../server/index.js';
import { migrate, SCHEMA_VERSION } from '../server/store/sqlite/migrations.js';
import { sqliteDbOf } from '../server/store/sqlite/sqlite-store.js';
import { json } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('schema migration', () => {
  it('moves a version-4 database (events table) to the in-memory index, answering the same', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    migrate(old, 4);
    const body = JSON.stringify({ time_ms: 1, events: [
      { name: 'member_added', channel: 'presence-1', user_id: '42' },
      { name: 'client_event', channel: 'private-2', event: 'client-typing', data: '{}', socket_id: '1.2' },
    ] });
    old.prepare(`INSERT INTO bins (id, named, created_at, last_activity_at, request_count, settings) VALUES ('legacy', 1, 0, 0, 1, '{}')`).run();
    const id = Number(old.prepare(
      `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated, body, sig_status, signature,
         decoder, event_count, event_names) VALUES ('legacy', 5, 'POST', '/h/legacy', '', '["Content-Type","application/json"]', 'application/json',
         ?, 0, ?, 'unsigned', '{"scheme":null,"status":"unsigned"}', 'pusher-batch', 2, '["member_added","client_event"]')`,
    ).run(Buffer.byteLength(body), Buffer.from(body)).lastInsertRowid);
    const insertEvent = old.prepare('INSERT INTO events (request_id, idx, bin_id, name, channel, event, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insertEvent.run(id, 0, 'legacy', 'member_added', 'presence-1', null, '42');
    insertEvent.run(id, 1, 'legacy', 'client_event', 'private-2', 'client-typing', null);
    old.close();

    const s = await startHookscope({ port: 0, db: path, quiet: true });
    try {
      const db = sqliteDbOf(s.context.store);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'events'").pluck().get()).toBe(0);
      const byUser = await json<{ requests: { id: number }[] }>(`${s.url}/api/bins/legacy/requests?userId=42`);
      expect(byUser.body.requests.map((r) => r.id)).toEqual([id]);
      const events = await json<{ events: { name: string; index: number; event?: string }[] }>(`${s.url}/api/bins/legacy/events?event=client-typing`);
      expect(events.body.events.map((e) => [e.name, e.index, e.event])).toEqual([['client_event', 1, 'client-typing']]);
      const wait = await json<{ event: { userId: string } }>(`${s.url}/api/bins/legacy/wait?name=member_added&after=0&timeout=0`);
      expect(wait.body.event.userId).toBe('42');
    } finally {
      await s.close();
    }
  });
});
