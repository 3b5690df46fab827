// The requests' decoder, event_count, event_names and event_keys columns are a cache of the decoder's
// output. When the decoder changes (DECODER_VERSION), rebuild them from the raw bodies at start, in
// chunks, one transaction per chunk; the version is stored last, so an interrupted rebuild runs again.
import type { IndexDecoder } from '../contract.js';
import { distinctEntries, encodeEntries } from '../terms.js';
import type { Db } from './open-db.js';

export const DECODER_VERSION_KEY = 'decoder_version';

export interface ReindexResult {
  rebuilt: boolean;
  requests: number;
  events: number;
}

interface BodyRow {
  id: number;
  content_type: string | null;
  raw_headers: string;
  body: Buffer;
}

export function storedDecoderVersion(db: Db): string | undefined {
  return db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(DECODER_VERSION_KEY) as string | undefined;
}

/** Rebuild when the stored decoder version differs from this build's (or is missing). */
export function reindexEventsIfStale(db: Db, index: IndexDecoder, chunk = 1000): ReindexResult {
  if (storedDecoderVersion(db) === index.version) return { rebuilt: false, requests: 0, events: 0 };
  const result = reindexEvents(db, index, chunk);
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(DECODER_VERSION_KEY, index.version);
  return result;
}

/** `index`: the capture path's decoding, so a rebuilt index equals a captured one. */
export function reindexEvents(db: Db, index: IndexDecoder, chunk = 1000): ReindexResult {
  const page = db.prepare('SELECT id, content_type, raw_headers, body FROM requests WHERE id > ? ORDER BY id LIMIT ?');
  const update = db.prepare('UPDATE requests SET decoder = ?, event_count = ?, event_names = ?, event_keys = ? WHERE id = ?');
  let requests = 0;
  let events = 0;
  const writeChunk = db.transaction((rows: BodyRow[]) => {
    for (const row of rows) {
      const decoded = index.decode({ body: row.body, contentType: row.content_type, rawHeaders: JSON.parse(row.raw_headers) as string[] });
      const entries = decoded.events;
      update.run(decoded.decoder, entries.length, JSON.stringify(entries.map((e) => e.name)), encodeEntries(distinctEntries(entries)), row.id);
      events += entries.length;
    }
    requests += rows.length;
  });
  let lastId = 0;
  for (;;) {
    const rows = page.all(lastId, chunk) as BodyRow[];
    if (rows.length === 0) break;
    writeChunk(rows);
    lastId = rows[rows.length - 1].id;
  }
  return { rebuilt: true, requests, events };
}
