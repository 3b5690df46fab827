// The events index and the requests' decoder/event_* columns are a cache of the decoder's output
// (as in SQLite, server/store/sqlite/reindex.ts): here the ev_keys column (migrations.ts). When the
// decoder changes, the first node to start rebuilds them from the raw bodies under the start-up lock,
// in chunks of one statement each; the version is stored last, so an interrupted rebuild runs again.
// Nodes starting meanwhile wait for it.
import type pg from 'pg';
import type { IndexDecoder } from '../contract.js';
import { termsOf } from '../terms.js';
import { termText } from './event-key.js';

const KEY = 'decoder_version';
/** Bumped when event_key (migrations.ts) changes how keys are made: the index is rebuilt too. */
const KEYS_VERSION = 'keys-2';

interface BodyRow {
  id: number;
  content_type: string | null;
  raw_headers: string;
  body: Buffer;
}

export async function pgReindexIfStale(client: pg.ClientBase, index: IndexDecoder, chunk = 500): Promise<{ rebuilt: boolean; requests: number }> {
  const stored = (await client.query<{ value: string }>('SELECT value FROM hookscope.meta WHERE key = $1', [KEY])).rows[0]?.value;
  const version = `${index.version}/${KEYS_VERSION}`;
  if (stored === version) return { rebuilt: false, requests: 0 };
  let requests = 0;
  for (let last = 0; ; ) {
    const rows = (
      await client.query<BodyRow>('SELECT id, content_type, raw_headers, body FROM hookscope.requests WHERE id > $1 ORDER BY id LIMIT $2', [last, chunk])
    ).rows;
    if (rows.length === 0) break;
    const updates = rows.map((row) => {
      const decoded = index.decode({ body: row.body, contentType: row.content_type, rawHeaders: JSON.parse(row.raw_headers) as string[] });
      const e = decoded.events;
      return { id: row.id, d: decoded.decoder, n: e.length, en: JSON.stringify(e.map((x) => x.name)), k: e.length ? termsOf(e).map(termText) : null };
    });
    await client.query(
      `UPDATE hookscope.requests r SET decoder = x.d, event_count = x.n, event_names = x.en,
         ev_keys = CASE WHEN x.k IS NULL THEN NULL
                   ELSE ARRAY(SELECT hookscope.event_key(r.bin_id, '', kv.key) FROM json_array_elements_text(x.k) AS kv(key)) END
         FROM json_to_recordset($1::json) AS x(id bigint, d text, n int, en text, k json) WHERE r.id = x.id`,
      [JSON.stringify(updates)],
    );
    requests += rows.length;
    last = rows[rows.length - 1].id;
  }
  await client.query('INSERT INTO hookscope.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [KEY, version]);
  return { rebuilt: true, requests };
}
