// An older PostgreSQL database opens and answers the same: schema 2 (the group commit in write_batch,
// TOAST at its default target) is moved to the current schema at start, and what it held stays.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { newPgDatabase } from '../../../test/helpers/test-db.js';
import { send, json } from '../../../test/helpers/http.js';
import { startHookscope } from '../../start.js';
import { migrate, PG_SCHEMA_VERSION } from './migrations.js';

const clients: pg.Client[] = [];
afterAll(async () => Promise.all(clients.map((c) => c.end())));

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client(url);
  await c.connect();
  clients.push(c);
  return c;
}

describe('PostgreSQL schema migration', () => {
  it('moves a schema-2 database to the current one: rows stay, captures go through write_requests, rows up to a page are not toasted', async () => {
    const url = await newPgDatabase();
    const old = await client(url);
    await migrate(old, 2);
    await old.query(`INSERT INTO hookscope.bins (id, named, created_at, last_activity_at, request_count, last_id) VALUES ('legacy', true, 0, 0, 1, 1)`);
    await old.query(
      `INSERT INTO hookscope.requests (id, bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated, body,
         sig_status, signature, event_count, event_names, bytes)
       VALUES (nextval('hookscope.request_ids'), 'legacy', 5, 'POST', '/h/legacy', '', '["Content-Type","text/plain"]', 'text/plain', 3, 0, '\\x6f6c64',
         'unsigned', '{"scheme":null,"status":"unsigned"}', 0, '[]', 300)`,
    );

    const s = await startHookscope({ port: 0, db: url, quiet: true });
    try {
      const version = await old.query<{ value: string }>("SELECT value FROM hookscope.meta WHERE key = 'schema_version'");
      expect(Number(version.rows[0].value)).toBe(PG_SCHEMA_VERSION);
      const options = await old.query<{ reloptions: string[] }>("SELECT reloptions FROM pg_class WHERE oid = 'hookscope.requests'::regclass");
      expect(options.rows[0].reloptions).toContain('toast_tuple_target=8160');

      const kept = await json<{ requests: { id: number; size: number }[] }>(`${s.url}/api/bins/legacy/requests`);
      expect(kept.body.requests.map((r) => r.size)).toEqual([3]);
      // A 3 KiB body of every byte value, with events: stored through write_requests, byte-exact, indexed.
      const data = Buffer.alloc(3000, 'x').toString();
      const body = JSON.stringify({ time_ms: 1, events: [{ name: 'channel_occupied', channel: 'presence-\u0000-1' }, { name: 'client_event', channel: 'private-a', event: 'client-x', data, socket_id: '1.2' }] });
      const res = await send(`${s.url}/h/legacy`, { headers: { 'Content-Type': 'application/json', 'X-Odd': 'a "quoted" \\' }, body });
      expect(res.status).toBe(200);
      const id = Number(res.headers['x-hookscope-request-id']);
      expect(id).toBeGreaterThan(kept.body.requests[0].id);
      const raw = await fetch(`${s.url}/api/bins/legacy/requests/${id}/raw`);
      expect(Buffer.from(await raw.arrayBuffer()).toString()).toBe(body);
      const detail = await json<{ rawHeaders: string[] }>(`${s.url}/api/bins/legacy/requests/${id}`);
      expect(detail.body.rawHeaders.slice(detail.body.rawHeaders.indexOf('X-Odd'), detail.body.rawHeaders.indexOf('X-Odd') + 2)).toEqual(['X-Odd', 'a "quoted" \\']);
      const found = await json<{ events: { requestId: number; index: number }[] }>(`${s.url}/api/bins/legacy/events?name=client_event&channel=private-a`);
      expect(found.body.events.map((e) => [e.requestId, e.index])).toEqual([[id, 1]]);
      const odd = await json<{ events: { requestId: number }[] }>(`${s.url}/api/bins/legacy/events?channel=${encodeURIComponent('presence-\u0000-1')}`);
      expect(odd.body.events.map((e) => e.requestId)).toEqual([id]);
      // Stored inline (a 3 KiB body and its headers are under a page): the TOAST table stays empty.
      const toast = await old.query<{ t: string }>("SELECT reltoastrelid::regclass::text AS t FROM pg_class WHERE oid = 'hookscope.requests'::regclass");
      const toasted = await old.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${toast.rows[0].t}`);
      expect(toasted.rows[0].n).toBe(0);
    } finally {
      await s.close();
    }
  });
});
