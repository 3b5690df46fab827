// Builds a database of N requests directly (prepared INSERTs in big transactions) with the same
// columns the capture path writes, index terms included: each template body goes through the real
// deriver (verify + decode), so the terms are exactly what the decoder produces.
import { createHmac } from 'node:crypto';
import { DECODER_VERSION } from '../../core/decode/index.js';
import { createDeriver } from '../../server/derive.js';
import { DECODER_VERSION_KEY } from '../../server/store/sqlite/reindex.js';
import type { BinRecord } from '../../server/store/index.js';
import { openDb } from '../../server/store/sqlite/open-db.js';
import { distinctEntries, encodeEntries } from '../../server/store/terms.js';

const KEY = 'big-key';
const SECRET = 'big-secret';
const kinds = ['member_added', 'member_removed', 'channel_occupied', 'client_event', 'channel_vacated'] as const;

/** 3-7 events (5 on average: 1,000,000 requests hold 5,000,000 events); every 1000th request also carries a rare cache_miss. */
function templateBody(seq: number): string {
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 3 + (seq % 5); i++) {
    const name = kinds[(seq + i) % kinds.length];
    const channel = `presence-room-${(seq * 7 + i) % 200}`;
    const e: Record<string, unknown> = { name, channel };
    if (name === 'member_added' || name === 'member_removed') e.user_id = String((seq * 13 + i) % 1000);
    if (name === 'client_event') Object.assign(e, { event: 'client-typing', data: '{"t":1}', socket_id: '1.2', user_id: String(seq % 1000) });
    events.push(e);
  }
  if (seq % 1000 === 999) events.push({ name: 'cache_miss', channel: 'cache-rare' });
  return JSON.stringify({ time_ms: 1_700_000_000_000 + seq, events });
}

export interface BuiltDb {
  requests: number;
  events: number;
  seconds: number;
}

export function buildDb(path: string, bins: { id: string; count: number }[]): BuiltDb {
  const t0 = Date.now();
  const db = openDb(path);
  db.pragma('synchronous = OFF');
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(DECODER_VERSION_KEY, DECODER_VERSION);
  const insertBin = db.prepare(
    `INSERT INTO bins (id, named, created_at, last_activity_at, request_count, max_requests, ttl_ms, settings) VALUES (?, 1, ?, ?, ?, ?, NULL, ?)`,
  );
  const insertRequest = db.prepare(
    `INSERT INTO requests (bin_id, received_at, method, path, query, raw_headers, content_type, size, truncated,
       remote_address, body, sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt, body_hash, event_keys)
     VALUES (?, ?, 'POST', ?, '', ?, 'application/json', ?, 0, '127.0.0.1', ?, ?, ?, ?, ?, ?, '{"status":200}', NULL, 1, NULL, ?)`,
  );
  const deriver = createDeriver({ pusherKey: null, pusherSecret: null });
  const settings = { pusher: [{ key: KEY, secret: SECRET }], secret: null, response: null, forward: null };
  const templates = Array.from({ length: 3000 }, (_, seq) => {
    const text = templateBody(seq);
    const body = Buffer.from(text);
    const rawHeaders = ['Host', '127.0.0.1', 'Content-Type', 'application/json', 'X-Pusher-Key', KEY,
      'X-Pusher-Signature', createHmac('sha256', SECRET).update(body).digest('hex'), 'Content-Length', String(body.length)];
    const bin = { id: 'x', settings } as unknown as BinRecord;
    const d = deriver.derive(bin, { rawHeaders, body, contentType: 'application/json' });
    return { body, headers: JSON.stringify(rawHeaders), d, signature: JSON.stringify(d.signature), names: JSON.stringify(d.events.map((e) => e.name)),
      keys: encodeEntries(distinctEntries(d.events)) };
  });
  let events = 0;
  let requests = 0;
  const now = Date.now();
  const chunk = db.transaction((binId: string, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = templates[i % templates.length];
      insertRequest.run(binId, now - 1_000_000 + i, `/h/${binId}`, t.headers, t.body.length, t.body,
        t.d.signature.status, t.signature, t.d.decoder, t.d.events.length, t.names, t.keys);
      events += t.d.events.length;
    }
  });
  for (const { id, count } of bins) {
    insertBin.run(id, now, now, count, count * 2, JSON.stringify(settings));
    for (let from = 0; from < count; from += 50_000) chunk(id, from, Math.min(count, from + 50_000));
    requests += count;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { requests, events, seconds: (Date.now() - t0) / 1000 };
}
