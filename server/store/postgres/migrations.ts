// The PostgreSQL schema, in steps tracked in hookscope.meta ('schema_version'). Everything lives in the
// schema `hookscope` of the database --db names, so it can share a database with other applications.
// Steps run under an advisory lock: nodes starting at once take turns, the later ones find nothing to do.
// Same tables and columns as the SQLite engine (server/store/sqlite/migrations.ts), plus what several
// nodes need: bins.last_id (the newest request id, read under the bin's row lock by the next commit),
// bins.rev (bumped by every change of the row: caches apply a newer state only) and bins.bytes (what
// --max-db-size caps, since PostgreSQL's files do not shrink when rows are deleted).
// The events index is not a table here but requests.ev_keys: per request, the hashes (event_key) of
// its index terms with the bin (server/store/terms.ts, the same terms SQLite indexes), under one GIN
// index. A filter asks for requests whose keys contain every term it needs: exact for one term (a hash
// collision aside), otherwise the superset the contract allows, which callers confirm by decoding. Measured on
// the 11-event Pusher batch (batches of 50, one node): PostgreSQL's CPU per request was ~300-400 µs
// with an events table and its five indexes (66 index entries and 11 heap rows per request), and is
// ~80 µs with the array (keys deduplicated by the node, hashed by event_key in the group commit, write-function.ts).
import type pg from 'pg';
import { WRITE_REQUESTS_FUNCTION } from './write-function.js';

/** Advisory lock keys: (HOOKSCOPE_LOCK, n). */
export const HOOKSCOPE_LOCK = 0x686b7363; // 'hksc'
export const MIGRATE_LOCK = 1;
export const LEADER_LOCK = 2;

const steps: string[] = [
  `CREATE TABLE hookscope.bins (
     id text PRIMARY KEY,
     named boolean NOT NULL,
     created_at bigint NOT NULL,
     last_activity_at bigint NOT NULL,
     request_count integer NOT NULL DEFAULT 0,
     max_requests integer,
     ttl_ms bigint,
     settings text NOT NULL DEFAULT '{}',
     last_id bigint NOT NULL DEFAULT 0,
     rev bigint NOT NULL DEFAULT 0,
     bytes bigint NOT NULL DEFAULT 0
   );
   CREATE SEQUENCE hookscope.request_ids;
   CREATE TABLE hookscope.requests (
     id bigint PRIMARY KEY,
     bin_id text NOT NULL,
     received_at bigint NOT NULL,
     method text NOT NULL,
     path text NOT NULL,
     query text NOT NULL,
     raw_headers text NOT NULL,
     content_type text,
     size integer NOT NULL,
     truncated smallint NOT NULL,
     remote_address text,
     body bytea NOT NULL,
     sig_status text NOT NULL,
     signature text NOT NULL,
     decoder text,
     event_count integer NOT NULL DEFAULT 0,
     event_names text NOT NULL DEFAULT '[]',
     response text,
     retry_of bigint,
     attempt integer,
     body_hash text,
     bytes integer NOT NULL,
     ev_keys bigint[]
   );
   ALTER TABLE hookscope.requests ALTER COLUMN body SET STORAGE EXTERNAL;
   CREATE INDEX requests_bin ON hookscope.requests (bin_id, id);
   CREATE INDEX requests_events ON hookscope.requests USING gin (ev_keys);
   CREATE FUNCTION hookscope.event_key(bin text, kind text, value text) RETURNS bigint
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT hashtextextended($1 || chr(31) || $2 || $3, 0)';
   CREATE TABLE hookscope.deliveries (
     request_id bigint PRIMARY KEY,
     bin_id text NOT NULL,
     url text NOT NULL,
     status integer,
     duration_ms integer,
     error text,
     at bigint NOT NULL,
     mode text,
     response_headers text,
     response_body bytea
   );
   CREATE INDEX deliveries_bin ON hookscope.deliveries (bin_id, request_id);`,
  // Schema 2 created hookscope.write_batch, the group commit until schema 3. A database that has it keeps
  // it (a node of the previous version still calls it during a rolling upgrade); a new one never needs it.
  'SELECT 1',
  // Schema 3: rows up to a page stay whole. At the default toast_tuple_target (~2 KiB) a 1 KiB webhook
  // with its headers and verdict crossed it, so every insert tried pglz on the text columns and moved the
  // body to the TOAST table (a second heap insert and index entry, and a second delete when pruned):
  // ~13% of PostgreSQL's CPU per Pusher batch in a perf profile. bins.pruned_to: every request of the
  // bin at or below it is gone (per-bin cap, size cap, clear), so the prune's walk from the oldest end
  // starts past the dead index entries autovacuum has not reclaimed yet (they grew the walk, and
  // PostgreSQL's CPU per request with it, for as long as the load ran). And write_requests: schema 3's
  // took the index terms as text and hashed them itself; a database made now gets step 4's at once.
  `ALTER TABLE hookscope.requests SET (toast_tuple_target = 8160);
   ALTER TABLE hookscope.bins ADD COLUMN pruned_to bigint NOT NULL DEFAULT 0;
   ${WRITE_REQUESTS_FUNCTION}`,
  // Schema 4: write_requests takes the index keys hashed by the node (event-key.ts: the same values
  // event_key gives, so stored keys and filters stay valid). An overload: a schema-3 database keeps
  // the text-terms write_requests, which a node of the previous version still calls during a rolling
  // upgrade. PostgreSQL's CPU per 11-event Pusher batch: see event-key.ts and the README's figures.
  WRITE_REQUESTS_FUNCTION,
];

/** Runs fn holding the start-up lock (migrations, reindex): nodes starting at once take turns. */
export async function withStartLock<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1, $2)', [HOOKSCOPE_LOCK, MIGRATE_LOCK]);
  try {
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [HOOKSCOPE_LOCK, MIGRATE_LOCK]).catch(() => undefined);
  }
}

/** The schema version this build writes. */
export const PG_SCHEMA_VERSION = steps.length;

/** Creates or upgrades the schema (to `upTo`: tests make an older database); call it under withStartLock. */
export async function migrate(client: pg.ClientBase, upTo = steps.length): Promise<void> {
  await client.query('CREATE SCHEMA IF NOT EXISTS hookscope');
  await client.query('CREATE TABLE IF NOT EXISTS hookscope.meta (key text PRIMARY KEY, value text NOT NULL)');
  const row = (await client.query<{ value: string }>("SELECT value FROM hookscope.meta WHERE key = 'schema_version'")).rows[0];
  const version = row ? Number(row.value) : 0;
  if (version > steps.length) {
    throw new Error(`the database was set up by a newer hookscope (schema ${version}, this one knows ${steps.length}): upgrade this node`);
  }
  for (let v = version; v < upTo; v++) {
    await client.query('BEGIN');
    try {
      await client.query(steps[v]);
      await client.query(
        "INSERT INTO hookscope.meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [String(v + 1)],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
