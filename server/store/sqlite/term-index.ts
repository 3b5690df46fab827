// The SQLite engine's events index: in memory, per bin and term, the ascending ids of the requests
// that carry the term (server/store/terms.ts). Measured against SQL indexes (bench/README-notes in the
// commit): every per-request index row in a b-tree (the old events table with five indexes, a
// (bin, term, id) table, FTS5, bulk merges) cost 4-10x the request insert itself, because each commit
// touches one b-tree leaf per distinct term; appending to typed arrays costs about a microsecond.
// It is a cache: the terms of each request are stored in its row (requests.terms) and the index is
// rebuilt from them at start. Updated only after a COMMIT succeeded, in the same turn, so a reader
// never sees a term of an uncommitted request nor misses one of a committed request.
import { PostingList } from './posting-list.js';

export interface CandidateRange {
  /** Only ids strictly above / below. */
  after?: number;
  before?: number;
  order: 'asc' | 'desc';
}

interface BinTerms {
  lists: Map<string, PostingList>;
  /** Ids below were pruned: never candidates, dropped from the lists lazily. */
  floor: number;
  /** Prunes since the lists were last swept. */
  prunes: number;
}

/** A sweep of a bin's lists (to free pruned heads) after this many prunes per list it holds. */
const SWEEP_EVERY = 4;

export type TermIndex = ReturnType<typeof createTermIndex>;

export function createTermIndex() {
  const bins = new Map<string, BinTerms>();

  function binTerms(binId: string): BinTerms {
    let b = bins.get(binId);
    if (!b) bins.set(binId, (b = { lists: new Map(), floor: 0, prunes: 0 }));
    return b;
  }

  function add(binId: string, id: number, terms: readonly string[]): void {
    if (terms.length === 0) return;
    const { lists } = binTerms(binId);
    for (const term of terms) {
      let list = lists.get(term);
      if (!list) lists.set(term, (list = new PostingList()));
      list.push(id);
    }
  }

  /** Every request of the bin up to `upTo` is gone (per-bin cap, size cap). */
  function prunedUpTo(binId: string, upTo: number): void {
    const b = bins.get(binId);
    if (!b || upTo < b.floor) return;
    b.floor = upTo + 1;
    // Amortized: the lists are swept once the bin has pruned about as often as it has lists.
    if (++b.prunes < b.lists.size * SWEEP_EVERY) return;
    b.prunes = 0;
    for (const [term, list] of b.lists) {
      list.dropBelow(b.floor);
      if (list.length === 0) b.lists.delete(term);
    }
  }

  /**
   * Ids of the bin's requests that carry every term, within the range, in its order, at most `limit`.
   * Driven by the shortest list; the others are probed by binary search.
   */
  function candidates(binId: string, terms: readonly string[], range: CandidateRange, limit: number): number[] {
    const b = bins.get(binId);
    if (!b) return [];
    const lists: PostingList[] = [];
    for (const term of new Set(terms)) {
      const list = b.lists.get(term);
      if (!list) return [];
      lists.push(list);
    }
    lists.sort((x, y) => x.length - y.length);
    const [driver, ...rest] = lists;
    const low = Math.max(b.floor, range.after === undefined ? 0 : range.after + 1);
    const lo = driver.lowerBound(low);
    const hi = range.before === undefined ? driver.length : driver.lowerBound(range.before);
    const out: number[] = [];
    const take = (i: number): boolean => {
      const id = driver.at(i);
      if (rest.every((l) => l.has(id))) out.push(id);
      return out.length < limit;
    };
    if (range.order === 'asc') {
      for (let i = lo; i < hi; i++) if (!take(i)) break;
    } else {
      for (let i = hi - 1; i >= lo; i--) if (!take(i)) break;
    }
    return out;
  }

  return {
    add,
    prunedUpTo,
    candidates,
    dropBin: (binId: string): void => void bins.delete(binId),
    /** Memory held by the postings, in bytes (the memory bench reports it). */
    bytes(): number {
      let n = 0;
      for (const b of bins.values()) for (const list of b.lists.values()) n += list.bytes() + 64;
      return n;
    },
  };
}
