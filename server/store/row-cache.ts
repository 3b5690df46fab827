// The most recently read stored requests (and summaries), by id. Ids are never reused (SQLite's
// AUTOINCREMENT, PostgreSQL's sequence) and a query still asks the database which ids exist and pass
// its filters, taking only the rows it lacks: deletes, clears and prunes need nothing here. A stored
// row changes in two places only, both the store's own writes, and the store drops what they touch:
// its verdict when the bin's secrets change (a `bin` change: the whole cache goes) and the answer
// of a passthrough request (`answered`: that id). Handing out the same object for the same row lets readers keep what they derive
// from it in a WeakMap (server/events/decoded-requests.ts: decoded events), dropped with the entry.

export interface RowCache<V> {
  get(id: number): V | undefined;
  set(id: number, value: V): void;
  delete(id: number): void;
  clear(): void;
  readonly size: number;
}

/** Least recently used out first, past `max` entries. */
export function createRowCache<V>(max: number): RowCache<V> {
  const rows = new Map<number, V>();
  return {
    get(id) {
      const row = rows.get(id);
      if (row !== undefined) {
        // Map keeps insertion order: re-inserting makes it the newest.
        rows.delete(id);
        rows.set(id, row);
      }
      return row;
    },
    set(id, row) {
      rows.delete(id);
      rows.set(id, row);
      if (rows.size > max) rows.delete(rows.keys().next().value as number);
    },
    delete(id) {
      rows.delete(id);
    },
    clear() {
      rows.clear();
    },
    get size() {
      return rows.size;
    },
  };
}

/**
 * `ids` (existing, in the order wanted) as cached values, reading the missing ones with `read` (any
 * order; each value says its id through `idOf`). An id `read` did not return is left out.
 */
export function cachedByIds<V>(cache: RowCache<V>, ids: readonly number[], read: (missing: number[]) => V[], idOf: (v: V) => number): V[] {
  const out: (V | undefined)[] = ids.map((id) => cache.get(id));
  const missing = ids.filter((_, i) => out[i] === undefined);
  if (missing.length > 0) {
    const fetched = new Map<number, V>();
    for (const v of read(missing)) {
      fetched.set(idOf(v), v);
      cache.set(idOf(v), v);
    }
    for (let i = 0; i < ids.length; i++) out[i] ??= fetched.get(ids[i]);
  }
  return out.filter((v): v is V => v !== undefined);
}
