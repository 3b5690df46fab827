// This node's copy of the bins table (the capture path reads it synchronously, contract.ts), kept
// current from this node's own writes and from the other nodes' notifications (feed.ts). Every change
// of a bin row bumps its `rev`: a state is applied only when it is newer than the cached one, so
// notifications that arrive out of order cannot put an older count back.
import { type BinRecord, parseSettings } from '../bin-record.js';

export interface BinRow {
  id: string;
  named: boolean;
  created_at: number;
  last_activity_at: number;
  request_count: number;
  max_requests: number | null;
  ttl_ms: number | null;
  settings: string;
  last_id: number;
  rev: number;
}

export const BIN_COLUMNS = 'id, named, created_at, last_activity_at, request_count, max_requests, ttl_ms, settings, last_id, rev';

function fromRow(row: BinRow): BinRecord {
  return {
    id: row.id,
    named: row.named,
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    requestCount: row.request_count,
    maxRequests: row.max_requests,
    ttlMs: row.ttl_ms,
    settings: parseSettings(row.settings),
  };
}

/** What applyRow did: the bin is new here, its settings changed, only its counts moved, or the row was older. */
export type Applied = 'added' | 'settings' | 'counts' | 'stale';

export type BinCache = ReturnType<typeof createBinCache>;

/** A bin's cached record and rev at one moment (undefined / -1: not cached). */
export interface CachedState {
  bin: BinRecord | undefined;
  rev: number;
}

export function createBinCache() {
  const bins = new Map<string, BinRecord>();
  const revs = new Map<string, number>();
  /** Per bin, the highest request id this node announced or knows was committed before it watched the bin (feed.ts). */
  const known = new Map<string, number>();

  return {
    known,
    get: (id: string): BinRecord | undefined => bins.get(id),
    list: (): BinRecord[] => [...bins.values()],
    count: (): number => bins.size,
    ids: (): IterableIterator<string> => bins.keys(),
    /**
     * A bin row as read. `resetResponse`: the response settings were PATCHed (another node saved them):
     * they get a new object even when equal, which restarts the script (server/respond/plan.ts keys
     * script positions by that object); otherwise an equal `response` keeps its object and position.
     */
    applyRow(row: BinRow, resetResponse = false): Applied {
      const cached = bins.get(row.id);
      const rev = revs.get(row.id) ?? -1;
      if (!known.has(row.id)) known.set(row.id, row.last_id);
      if (cached && row.rev < rev) return 'stale';
      revs.set(row.id, row.rev);
      const next = fromRow(row);
      if (!cached) {
        bins.set(row.id, next);
        return 'added';
      }
      const sameResponse = JSON.stringify(cached.settings.response) === JSON.stringify(next.settings.response);
      if (sameResponse && !resetResponse) next.settings.response = cached.settings.response;
      const same =
        cached.maxRequests === next.maxRequests && cached.ttlMs === next.ttlMs && JSON.stringify(cached.settings) === JSON.stringify(next.settings) &&
        !(resetResponse && next.settings.response !== null);
      if (same) {
        // Keep the object the capture path may hold; only the counts move.
        cached.requestCount = next.requestCount;
        cached.lastActivityAt = Math.max(cached.lastActivityAt, next.lastActivityAt);
        return 'counts';
      }
      bins.set(row.id, { ...next, lastActivityAt: Math.max(cached.lastActivityAt, next.lastActivityAt) });
      return 'settings';
    },
    /** This node saved `bin` (its objects as the caller built them, as in SQLite); counts from the row. */
    applySaved(bin: BinRecord, row: BinRow): void {
      if (row.rev < (revs.get(row.id) ?? -1)) return;
      revs.set(row.id, row.rev);
      if (!known.has(row.id)) known.set(row.id, row.last_id);
      bins.set(row.id, { ...bin, requestCount: row.request_count, lastActivityAt: Math.max(bin.lastActivityAt, row.last_activity_at) });
    },
    /** A newer count (writes, deletes, prunes, clears); false when the cache already had a newer state. */
    applyCounts(id: string, rev: number, count: number, lastAt?: number): boolean {
      const bin = bins.get(id);
      if (!bin) return false;
      if (lastAt !== undefined) bin.lastActivityAt = Math.max(bin.lastActivityAt, lastAt);
      if (rev <= (revs.get(id) ?? -1)) return false;
      revs.set(id, rev);
      bin.requestCount = count;
      return true;
    },
    rev: (id: string): number => revs.get(id) ?? -1,
    /** What the cache holds for a bin now, to tell later whether it changed (unchangedSince). */
    state: (id: string): CachedState => ({ bin: bins.get(id), rev: revs.get(id) ?? -1 }),
    /**
     * Nothing was learnt about the bin since `state()` gave `seen`: a read that started then and did
     * not find the row may remove it. A bin created or updated here meanwhile is newer than that read.
     */
    unchangedSince: (id: string, seen: CachedState): boolean => bins.get(id) === seen.bin && (revs.get(id) ?? -1) === seen.rev,
    forget(id: string): boolean {
      revs.delete(id);
      known.delete(id);
      return bins.delete(id);
    },
  };
}
