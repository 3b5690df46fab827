// The SQLite engine's events index: in memory, per bin and filter field value, the ascending ids of
// the requests whose events carry the value (server/store/terms.ts has the engine-neutral meaning of a
// term; here they are maps keyed by the value itself, so indexing builds no strings). Measured against
// SQL indexes (commit f70d4e6): every per-request index row in a b-tree (the old events table with
// five indexes, a (bin, term, id) table, FTS5, bulk merges) cost 4-10x the request insert itself,
// because each commit touches one b-tree leaf per distinct term; appending varints to typed arrays
// costs well under a microsecond. It is a cache: each request's distinct event keys are stored in its
// row (requests.event_keys) and the index is rebuilt from them at start. Updated only after a COMMIT
// succeeded, in the same turn, so a reader never sees an uncommitted request nor misses a committed one.
import type { EventFilter } from '../contract.js';
import type { EventIndexEntry } from '../request-row.js';
import { PostingList } from './posting-list.js';
import type { ByteReader, ByteWriter } from './snapshot-codec.js';

export interface CandidateRange {
  /** Only ids strictly above / below. */
  after?: number;
  before?: number;
  order: 'asc' | 'desc';
}

type Lists = Map<string, PostingList>;

interface BinTerms {
  /** Requests with any event (an unfiltered events page). */
  any: PostingList;
  name: Lists;
  channel: Lists;
  event: Lists;
  user: Lists;
  /** name -> channel -> list: the pair filter waits and the viewer use most, answered exactly. */
  nameChannel: Map<string, Lists>;
  /** Ids below were pruned: never candidates, dropped from the lists lazily. */
  floor: number;
  /** Prunes since the lists were last swept. */
  prunes: number;
  size: number;
}

/** A sweep of a bin's lists (to free lists of values gone for good) after this many prunes per list. */
const SWEEP_EVERY = 4;

const set = (v: string | undefined): v is string => v !== undefined && v !== '';

function listIn(lists: Lists, key: string, b: BinTerms): PostingList {
  let list = lists.get(key);
  if (!list) (lists.set(key, (list = new PostingList())), b.size++);
  return list;
}

export type TermIndex = ReturnType<typeof createTermIndex>;

export function createTermIndex() {
  const bins = new Map<string, BinTerms>();

  function binTerms(binId: string): BinTerms {
    let b = bins.get(binId);
    if (!b) {
      b = { any: new PostingList(), name: new Map(), channel: new Map(), event: new Map(), user: new Map(), nameChannel: new Map(), floor: 0, prunes: 0, size: 1 };
      bins.set(binId, b);
    }
    return b;
  }

  /** Indexes request `id` of the bin by its events' fields (a list ignores an id it already holds). */
  function add(binId: string, id: number, events: readonly EventIndexEntry[]): void {
    if (events.length === 0) return;
    const b = binTerms(binId);
    b.any.push(id);
    for (const e of events) {
      listIn(b.name, e.name, b).push(id);
      if (set(e.channel)) {
        listIn(b.channel, e.channel, b).push(id);
        let byChannel = b.nameChannel.get(e.name);
        if (!byChannel) b.nameChannel.set(e.name, (byChannel = new Map()));
        listIn(byChannel, e.channel, b).push(id);
      }
      if (set(e.event)) listIn(b.event, e.event, b).push(id);
      if (set(e.userId)) listIn(b.user, e.userId, b).push(id);
    }
  }

  function sweep(lists: Lists, floor: number, b: BinTerms): void {
    for (const [key, list] of lists) {
      if (list.last < floor) (lists.delete(key), b.size--);
      else list.dropBelow(floor);
    }
  }

  /** Every request of the bin up to `upTo` is gone (per-bin cap, size cap). */
  function prunedUpTo(binId: string, upTo: number): void {
    const b = bins.get(binId);
    if (!b || upTo < b.floor) return;
    b.floor = upTo + 1;
    // Amortized: the lists are swept once the bin has pruned about as often as it has lists.
    if (++b.prunes < b.size * SWEEP_EVERY) return;
    b.prunes = 0;
    b.any.dropBelow(b.floor);
    for (const lists of [b.name, b.channel, b.event, b.user]) sweep(lists, b.floor, b);
    for (const [name, byChannel] of b.nameChannel) {
      sweep(byChannel, b.floor, b);
      if (byChannel.size === 0) b.nameChannel.delete(name);
    }
  }

  /** The lists a filter needs (same meaning as terms.ts filterTerms); null when one of them is empty. */
  function listsFor(b: BinTerms, f: EventFilter): PostingList[] | null {
    const out: (PostingList | undefined)[] = [];
    if (set(f.name) && set(f.channel)) out.push(b.nameChannel.get(f.name)?.get(f.channel));
    else if (set(f.name)) out.push(b.name.get(f.name));
    else if (set(f.channel)) out.push(b.channel.get(f.channel));
    if (set(f.event)) out.push(b.event.get(f.event));
    if (set(f.userId)) out.push(b.user.get(f.userId));
    if (out.length === 0) out.push(b.any);
    return out.every((l) => l !== undefined) ? (out as PostingList[]) : null;
  }

  /**
   * Ids of the bin's requests whose events carry every value of the filter, within the range, in its
   * order, at most `limit`. Driven by the shortest list; the others are probed.
   */
  function candidates(binId: string, f: EventFilter, range: CandidateRange, limit: number): number[] {
    const b = bins.get(binId);
    const lists = b ? listsFor(b, f) : null;
    if (!b || !lists) return [];
    lists.sort((x, y) => x.length - y.length);
    const [driver, ...rest] = lists;
    const low = Math.max(b.floor, range.after === undefined ? 0 : range.after + 1);
    const high = range.before ?? Number.MAX_SAFE_INTEGER;
    const out: number[] = [];
    driver.scan(low, high, range.order, (id) => {
      if (rest.every((l) => l.has(id))) out.push(id);
      return out.length < limit;
    });
    return out;
  }

  function writeLists(w: ByteWriter, lists: Lists): void {
    w.u32(lists.size);
    for (const [key, list] of lists) (w.text(key), list.writeTo(w));
  }

  function readLists(r: ByteReader, b: BinTerms): Lists {
    const lists: Lists = new Map();
    for (let n = r.u32(); n > 0; n--) {
      lists.set(r.text(), PostingList.readFrom(r));
      b.size++;
    }
    return lists;
  }

  return {
    add,
    prunedUpTo,
    candidates,
    /** The whole index as bytes (index-snapshot.ts). */
    writeTo(w: ByteWriter): void {
      w.u32(bins.size);
      for (const [binId, b] of bins) {
        w.text(binId);
        w.f64(b.floor);
        b.any.writeTo(w);
        for (const lists of [b.name, b.channel, b.event, b.user]) writeLists(w, lists);
        w.u32(b.nameChannel.size);
        for (const [name, byChannel] of b.nameChannel) (w.text(name), writeLists(w, byChannel));
      }
    },
    /** Replaces the index with one written by writeTo. */
    readFrom(r: ByteReader): void {
      bins.clear();
      for (let n = r.u32(); n > 0; n--) {
        const binId = r.text();
        const b = binTerms(binId);
        b.floor = r.f64();
        b.any = PostingList.readFrom(r);
        b.name = readLists(r, b);
        b.channel = readLists(r, b);
        b.event = readLists(r, b);
        b.user = readLists(r, b);
        for (let m = r.u32(); m > 0; m--) b.nameChannel.set(r.text(), readLists(r, b));
      }
    },
    dropBin: (binId: string): void => void bins.delete(binId),
    /** Memory held by the postings, in bytes (the memory bench reports it). */
    bytes(): number {
      let n = 0;
      const count = (lists: Lists) => {
        for (const [key, list] of lists) n += list.footprint() + 2 * key.length + 64;
      };
      for (const b of bins.values()) {
        n += b.any.footprint();
        for (const lists of [b.name, b.channel, b.event, b.user, ...b.nameChannel.values()]) count(lists);
      }
      return n;
    },
  };
}
