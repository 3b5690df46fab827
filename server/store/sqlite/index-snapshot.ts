// The in-memory events index survives a clean shutdown as a snapshot in the database itself (table
// index_snapshot, migration 7), so a restart loads it instead of rebuilding it from every request's
// event keys (a million requests: ~10 s rebuilt, well under one loaded). The snapshot is trusted only if
// the requests it describes are exactly the ones stored (same highest id and count, same decoder
// version) and is removed as soon as it is read: after a crash there is none, and the rebuild runs.
import type { Db } from './open-db.js';
import { ByteReader, ByteWriter } from './snapshot-codec.js';
import type { TermIndex } from './term-index.js';

const KEY = 'index_snapshot';
/** Bump when the byte layout of term-index / posting-list snapshots changes. */
const FORMAT = 1;
/** Rows of at most this many bytes (far below SQLite's blob limit). */
const PART = 16 * 1024 * 1024;

interface Guard {
  format: number;
  decoder: string;
  maxId: number;
  count: number;
}

function guardOf(db: Db, decoder: string): Guard {
  const row = db.prepare('SELECT coalesce(max(id), 0) AS maxId, count(*) AS count FROM requests').get() as { maxId: number; count: number };
  return { format: FORMAT, decoder, ...row };
}

export function saveIndexSnapshot(db: Db, index: TermIndex, decoder: string): void {
  const w = new ByteWriter();
  index.writeTo(w);
  const bytes = w.done();
  const insert = db.prepare('INSERT INTO index_snapshot (part, data) VALUES (?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM index_snapshot').run();
    for (let at = 0, part = 0; at < bytes.length; at += PART, part++) insert.run(part, bytes.subarray(at, at + PART));
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(KEY, JSON.stringify(guardOf(db, decoder)));
  })();
}

/** Loads the snapshot into `index` when it describes exactly what is stored; removes it either way. */
export function loadIndexSnapshot(db: Db, index: TermIndex, decoder: string): boolean {
  const saved = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  let loaded = false;
  if (saved !== undefined && saved === JSON.stringify(guardOf(db, decoder))) {
    const parts = db.prepare('SELECT data FROM index_snapshot ORDER BY part').pluck().all() as Buffer[];
    try {
      index.readFrom(new ByteReader(Buffer.concat(parts)));
      loaded = true;
    } catch {
      // A damaged snapshot is only a lost shortcut: the caller rebuilds.
    }
  }
  db.transaction(() => {
    db.prepare('DELETE FROM index_snapshot').run();
    db.prepare('DELETE FROM meta WHERE key = ?').run(KEY);
  })();
  return loaded;
}
