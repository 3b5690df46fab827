// Schema versions tracked with PRAGMA user_version. Raw bytes are the truth; the derived columns of
// requests (signature, decoder, event_*) and the in-memory events index are a rebuildable cache of them.
import type Database from 'better-sqlite3';

const steps: string[] = [
  `CREATE TABLE bins (
     id TEXT PRIMARY KEY,
     named INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     last_activity_at INTEGER NOT NULL,
     request_count INTEGER NOT NULL DEFAULT 0,
     max_requests INTEGER,
     ttl_ms INTEGER,
     settings TEXT NOT NULL DEFAULT '{}'
   );
   CREATE TABLE requests (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     bin_id TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     method TEXT NOT NULL,
     path TEXT NOT NULL,
     query TEXT NOT NULL,
     raw_headers TEXT NOT NULL,
     content_type TEXT,
     size INTEGER NOT NULL,
     truncated INTEGER NOT NULL,
     remote_address TEXT,
     body BLOB NOT NULL,
     sig_status TEXT NOT NULL DEFAULT 'unsigned',
     signature TEXT NOT NULL DEFAULT '{"scheme":null,"status":"unsigned"}',
     decoder TEXT,
     event_count INTEGER NOT NULL DEFAULT 0,
     event_names TEXT NOT NULL DEFAULT '[]',
     response TEXT
   );
   CREATE INDEX requests_bin ON requests(bin_id, id);
   CREATE TABLE events (
     request_id INTEGER NOT NULL,
     idx INTEGER NOT NULL,
     bin_id TEXT NOT NULL,
     name TEXT NOT NULL,
     channel TEXT,
     event TEXT,
     user_id TEXT,
     PRIMARY KEY (request_id, idx)
   ) WITHOUT ROWID;
   CREATE INDEX events_bin ON events(bin_id, request_id);
   CREATE INDEX events_bin_name ON events(bin_id, name, request_id);
   CREATE INDEX events_bin_channel ON events(bin_id, channel, request_id);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Retries of the same body spotted at capture time (server/respond/retries.ts), and what the
  // forwarder did with each request (server/forward/deliveries.ts). The trigger keeps deliveries in
  // step with every way a request goes away (delete, clear, prune, bin removal).
  `ALTER TABLE requests ADD COLUMN retry_of INTEGER;
   ALTER TABLE requests ADD COLUMN attempt INTEGER;
   ALTER TABLE requests ADD COLUMN body_hash TEXT;
   CREATE TABLE deliveries (
     request_id INTEGER PRIMARY KEY,
     bin_id TEXT NOT NULL,
     url TEXT NOT NULL,
     status INTEGER,
     duration_ms INTEGER,
     error TEXT,
     at INTEGER NOT NULL
   );
   CREATE TRIGGER deliveries_follow_requests AFTER DELETE ON requests
   BEGIN DELETE FROM deliveries WHERE request_id = old.id; END;`,
  // Event filters on a client event's name and on user_id (waits, "member_added for user 42").
  // Partial: only client events carry `event` and only member/client events carry user_id, so
  // the capture path pays for these index entries on few rows. SQLite uses a partial index
  // "WHERE x IS NOT NULL" for a query term "x = ?" (https://sqlite.org/partialindex.html, 3.2).
  `CREATE INDEX events_bin_event ON events(bin_id, event, request_id) WHERE event IS NOT NULL;
   CREATE INDEX events_bin_user ON events(bin_id, user_id, request_id) WHERE user_id IS NOT NULL;`,
  // bins.request_count is now kept exact in SQL by every statement that adds or removes requests (the
  // per-bin cap prunes by it); before, it was written from an in-memory count that could lag a delete.
  `UPDATE bins SET request_count = (SELECT count(*) FROM requests WHERE requests.bin_id = bins.id);`,
  // The events index moved to memory (server/store/sqlite/term-index.ts), rebuilt at start from each
  // request's distinct event keys (server/store/terms.ts encodeEntries). The events table and its five
  // indexes go, and the requests table is rebuilt with its large columns last: SQLite keeps a row's
  // columns in order and spills what does not fit a page to overflow pages, so with the body in the
  // middle (and retry_of, attempt added after it) every summary and the start-up read of event_keys
  // walked the body's overflow chain. Reading event_keys of 1,000,000 requests took 4.5 s that way.
  // The AUTOINCREMENT high-water mark is carried over (ids are never reused). Forgetting the decoder
  // version makes the start-up rebuild (reindex.ts) fill event_keys from the raw bodies.
  `DROP TABLE events;
   CREATE TABLE requests_v5 (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     bin_id TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     method TEXT NOT NULL,
     path TEXT NOT NULL,
     query TEXT NOT NULL,
     content_type TEXT,
     size INTEGER NOT NULL,
     truncated INTEGER NOT NULL,
     remote_address TEXT,
     sig_status TEXT NOT NULL DEFAULT 'unsigned',
     signature TEXT NOT NULL DEFAULT '{"scheme":null,"status":"unsigned"}',
     decoder TEXT,
     event_count INTEGER NOT NULL DEFAULT 0,
     event_names TEXT NOT NULL DEFAULT '[]',
     response TEXT,
     retry_of INTEGER,
     attempt INTEGER,
     body_hash TEXT,
     event_keys TEXT,
     raw_headers TEXT NOT NULL,
     body BLOB NOT NULL
   );
   INSERT INTO requests_v5 (id, bin_id, received_at, method, path, query, content_type, size, truncated, remote_address,
     sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt, body_hash, raw_headers, body)
   SELECT id, bin_id, received_at, method, path, query, content_type, size, truncated, remote_address,
     sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt, body_hash, raw_headers, body
   FROM requests ORDER BY id;
   INSERT OR REPLACE INTO meta (key, value) SELECT 'requests_seq', seq FROM sqlite_sequence WHERE name = 'requests';
   DROP TABLE requests;
   ALTER TABLE requests_v5 RENAME TO requests;
   DELETE FROM sqlite_sequence WHERE name = 'requests';
   INSERT INTO sqlite_sequence (name, seq) SELECT 'requests', max(coalesce((SELECT max(id) FROM requests), 0),
     coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'requests_seq'), 0));
   DELETE FROM meta WHERE key IN ('requests_seq', 'decoder_version');
   CREATE INDEX requests_bin ON requests(bin_id, id);
   CREATE TRIGGER deliveries_follow_requests AFTER DELETE ON requests
   BEGIN DELETE FROM deliveries WHERE request_id = old.id; END;`,
  // Passthrough forwarding (issue 17): the app's answer to a relayed request, beside its status and
  // duration (server/store/sqlite/deliveries.ts). mode is null for the asynchronous forwarder.
  `ALTER TABLE deliveries ADD COLUMN mode TEXT;
   ALTER TABLE deliveries ADD COLUMN response_headers TEXT;
   ALTER TABLE deliveries ADD COLUMN response_body BLOB;`,
  // The in-memory events index saved at a clean shutdown (server/store/sqlite/index-snapshot.ts).
  `CREATE TABLE index_snapshot (part INTEGER PRIMARY KEY, data BLOB NOT NULL);`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = steps.length;

/** Runs the steps from the database's version up to `target` (default: all; tests build old databases). */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < target; v++) {
    db.transaction(() => {
      db.exec(steps[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
