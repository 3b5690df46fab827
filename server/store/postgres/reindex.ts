// The events index and the requests' decoder/event_* columns are a cache of the decoder's output
// (as in SQLite, server/store/sqlite/reindex.ts). When the decoder changes, the first node to start
// rebuilds them from the raw bodies under the start-up lock, in chunks, one transaction each; the
// version is stored last, so an interrupted rebuild runs again. Nodes starting meanwhile wait for it.
import type pg from 'pg';
import type { IndexDecoder } from '../contract.js';

const KEY = 'decoder_version';

interface BodyRow {
  id: number;
  bin_id: string;
  content_type: string | null;
  raw_headers: string;
  body: Buffer;
}

export async function pgReindexIfStale(client: pg.ClientBase, index: IndexDecoder, chunk = 500): Promise<{ rebuilt: boolean; requests: number }> {
  const stored = (await client.query<{ value: string }>('SELECT value FROM hookscope.meta WHERE key = $1', [KEY])).rows[0]?.value;
  if (stored === index.version) return { rebuilt: false, requests: 0 };
  let requests = 0;
  for (let last = 0; ; ) {
    const rows = (
      await client.query<BodyRow>('SELECT id, bin_id, content_type, raw_headers, body FROM hookscope.requests WHERE id > $1 ORDER BY id LIMIT $2', [last, chunk])
    ).rows;
    if (rows.length === 0) break;
    const updates: { id: number; d: string | null; n: number; en: string }[] = [];
    const events: { request_id: number; idx: number; bin_id: string; name: string; channel?: string; event?: string; userId?: string }[] = [];
    for (const row of rows) {
      const decoded = index.decode({ body: row.body, contentType: row.content_type, rawHeaders: JSON.parse(row.raw_headers) as string[] });
      updates.push({ id: row.id, d: decoded.decoder, n: decoded.events.length, en: JSON.stringify(decoded.events.map((e) => e.name)) });
      decoded.events.forEach((e, idx) => events.push({ request_id: row.id, idx, bin_id: row.bin_id, ...e }));
    }
    await client.query('BEGIN');
    try {
      await client.query(
        `UPDATE hookscope.requests r SET decoder = x.d, event_count = x.n, event_names = x.en
           FROM json_to_recordset($1::json) AS x(id bigint, d text, n int, en text) WHERE r.id = x.id`,
        [JSON.stringify(updates)],
      );
      await client.query('DELETE FROM hookscope.events WHERE request_id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      await client.query(
        `INSERT INTO hookscope.events (request_id, idx, bin_id, name, channel, event, user_id)
         SELECT x.request_id, x.idx, x.bin_id, x.name, x.channel, x.event, x."userId"
           FROM json_to_recordset($1::json) AS x(request_id bigint, idx int, bin_id text, name text, channel text, event text, "userId" text)`,
        [JSON.stringify(events)],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    requests += rows.length;
    last = rows[rows.length - 1].id;
  }
  await client.query('INSERT INTO hookscope.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [KEY, index.version]);
  return { rebuilt: true, requests };
}
