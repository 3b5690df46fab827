// The storage contract: what the rest of the server may ask of a database. Two engines implement it,
// SQLite (server/store/sqlite/, the embedded default) and PostgreSQL (server/store/postgres/); nothing
// outside server/store/ imports an engine or knows which one it talks to (openStore in ./index.ts picks).
//
// Assumptions made explicit here rather than hidden per engine:
// - Reads are asynchronous. A reader that must not miss a write subscribes to changes FIRST, then
//   reads, and de-duplicates by request id (a request committed in between is seen twice, never zero times).
// - Request ids rise in commit order within a bin: a reader that resumes `after` the largest id it has
//   seen misses nothing. Across bins ids are unique but need not be ordered.
// - The bins cache (bins.get/list/count) is read synchronously on the capture path. Each engine keeps it
//   current, including for changes another node made (PostgreSQL), as soon as it learns of them.
// - Changes (subscribe) are announced after COMMIT, for this node's writes and for other nodes' alike.
//   Other nodes' new requests are announced for the bins this node watches (StoreOptions.watched: a
//   live socket or a wait is open on them), per bin in id order, each once; the other changes for all bins.
// - Several nodes may share one database (PostgreSQL): background jobs run on the leader only (isLeader).
// Errors: every method rejects with the engine's own error for an I/O failure (Store.storageError tells
// a storage fault, storage-error.ts); the ones callers act on are the classes below.
import type { RequestSummary, ResponseRecord, SignatureStatus, SignatureVerdict } from '../../core/wire.js';
import type { BinRecord } from './bin-record.js';
import type { EventIndexEntry, NewRequest } from './request-row.js';
import type { StorageError } from './storage-error.js';

export type { BinRecord, BinSettings, PusherCredential, ResponseSettings, ScriptStep } from './bin-record.js';
export { emptySettings } from './bin-record.js';
export type { EventIndexEntry, NewRequest } from './request-row.js';

/** A captured request as stored: its summary plus the exact header list and body bytes. */
export interface StoredRequest {
  summary: RequestSummary;
  rawHeaders: string[];
  body: Uint8Array;
}

/** A request as it came: what a signature verdict and the events index are computed from. */
export interface RawRequest {
  rawHeaders: readonly string[];
  body: Uint8Array;
  contentType: string | null;
}

/** Exact-match values of one decoded event (absent or empty: any). */
export interface EventFilter {
  name?: string;
  channel?: string;
  event?: string;
  userId?: string;
}

/** A range of a bin's requests, newest or oldest first. */
export interface RequestQuery {
  /** Only ids strictly above. */
  after?: number;
  /** Only ids strictly below. */
  before?: number;
  /** Upper-case HTTP method. */
  method?: string;
  signature?: SignatureStatus;
  /** Free text: matched against path, query and body bytes. */
  q?: string;
  /**
   * Only requests whose body yielded events (summary.eventCount > 0): the channel state folds those,
   * and their bodies are at most the index's decode limit, unlike other requests' (up to --max-body).
   */
  withEvents?: boolean;
  order: 'asc' | 'desc';
  limit: number;
}

/**
 * A request query narrowed to requests whose events carry these values. The engine's index returns
 * the requests in which each value is present in some event, not necessarily the same one: for a
 * filter naming one field, or a name and a channel, that is exact (terms.ts isExact); otherwise a
 * superset that callers confirm by decoding the body (server/events/), the raw bytes being the truth.
 */
export interface EventRequestQuery extends RequestQuery {
  events: EventFilter;
}

export interface BinStore {
  /** The bins cache: synchronous, no database round trip (the capture path reads it per request). */
  get(id: string): BinRecord | undefined;
  list(): BinRecord[];
  count(): number;
  /** Rejects with BinExistsError when the id is taken (also by another node). */
  create(bin: BinRecord): Promise<BinRecord>;
  /** Creates the bin unless it exists; resolves to whichever record is stored (auto-create, presets). */
  ensure(bin: BinRecord): Promise<BinRecord>;
  /**
   * Settings, cap, ttl (not the counts, which the writer keeps). With `verdictOf` (the secrets
   * changed), every stored verdict of the bin is recomputed in the same transaction. Announced as a
   * `bin` change once both are committed.
   */
  save(bin: BinRecord, verdictOf?: (r: RawRequest) => SignatureVerdict): Promise<BinRecord>;
  /** Removes the bin and everything it caught; false when there was no such bin. */
  remove(id: string): Promise<boolean>;
  /** Removes every request of the bin, keeps the bin. */
  clear(id: string): Promise<void>;
  /**
   * The bin as the database has it now, with the cache brought up to date: another node may have
   * created, changed or removed it since this node last heard (PostgreSQL). Undefined when there is
   * none. SQLite: the cache. The API reads a bin through this before using the cache.
   */
  refresh(id: string): Promise<BinRecord | undefined>;
  /**
   * Removes every bin untouched for longer than its ttl (`defaultTtlMs` for bins without one), judged
   * by the last activity the database has (other nodes capture too), each announced as `bin_deleted`.
   * Resolves to the ids removed. Run by the leader only (Store.isLeader).
   */
  sweepIdle(now: number, defaultTtlMs: number): Promise<string[]>;
}

export interface RequestStore {
  get(binId: string, id: number): Promise<StoredRequest | undefined>;
  /** Summaries only (no body read): request lists, the live backlog. */
  summaries(binId: string, q: RequestQuery): Promise<RequestSummary[]>;
  /** Whole requests: decoding, export, channel state, near misses. */
  query(binId: string, q: RequestQuery): Promise<StoredRequest[]>;
  /** Whole requests that may hold events matching q.events (a superset: see EventRequestQuery). */
  queryByEvents(binId: string, q: EventRequestQuery): Promise<StoredRequest[]>;
  /** The same requests as summaries, without reading bodies (exact for a one-field filter). */
  summariesByEvents(binId: string, q: EventRequestQuery): Promise<RequestSummary[]>;
  /** Highest stored request id of the bin, 0 when it has none. */
  head(binId: string): Promise<number>;
  /** False when there was no such request. Announced as a `deleted` change. */
  remove(binId: string, id: number): Promise<boolean>;
}

/** What forwarding did with a request (server/forward/). */
export interface DeliveryRecord {
  url: string;
  /** The target's status, or null when no answer came. */
  status: number | null;
  durationMs: number | null;
  /** Why there is no status: connection refused, timeout, dropped from a full queue, ... */
  error: string | null;
  /** Epoch ms when the result was recorded. */
  at: number;
}

/** The app's answer to a passthrough relay, as it came. */
export interface UpstreamAnswer {
  rawHeaders: string[];
  body: Uint8Array;
}

/** A passthrough relay's outcome (server/forward/passthrough.ts). */
export interface PassthroughRecord extends DeliveryRecord {
  /** Null when the app did not answer. */
  answer: UpstreamAnswer | null;
  /** What the sender was answered: becomes the request's `response`. */
  response: ResponseRecord;
}

/** A delivery as read back; a passthrough one says so and carries the app's answer. */
export interface StoredDelivery extends DeliveryRecord {
  mode?: 'passthrough';
  answer?: UpstreamAnswer;
}

export interface DeliveryStore {
  /** Kept only while the request exists (a request deleted mid-delivery leaves nothing behind). */
  record(binId: string, requestId: number, d: DeliveryRecord): Promise<void>;
  /**
   * The relay's outcome and, on the request itself, `response` (what the sender got), in one
   * transaction; announced as an `answered` change. Nothing when the request is gone.
   */
  recordPassthrough(binId: string, requestId: number, d: PassthroughRecord): Promise<void>;
  get(binId: string, requestId: number): Promise<StoredDelivery | null>;
}

/**
 * How the events index is derived from a stored body: the capture path's decoding (server/events/),
 * handed to the store so that a rebuilt index equals a captured one. When `version` differs from the
 * one an existing database was indexed with, the engine rebuilds its index from the raw bodies.
 */
export interface IndexDecoder {
  version: string;
  decode(input: RawRequest): { decoder: string | null; events: EventIndexEntry[] };
}

/** Called once per request, after COMMIT (or the failed write): no promise per request on the capture path. */
export type StoredCallback = (err: Error | null, summary?: RequestSummary) => void;

export interface RequestWriter {
  /**
   * Queues a request for the next group commit; `done` runs after COMMIT, after the `requests` change
   * was announced (live subscribers hear of a request no later than its sender gets the answer).
   * A bin deleted before the commit: `done(BinGoneError)`, nothing stored.
   */
  write(request: NewRequest, done: StoredCallback): void;
  /** Resolves when everything queued so far is committed (shutdown, tests). */
  flush(): Promise<void>;
}

/** Changes after COMMIT, by this node or another; the hub turns them into live messages. */
export type StoreChange =
  /** Committed requests of one bin, in id order; `local`: captured by this node (metrics count those). */
  | { type: 'requests'; binId: string; requests: RequestSummary[]; local: boolean }
  /** The per-bin cap or --max-db-size removed every request of the bin up to this id. */
  | { type: 'pruned'; binId: string; upTo: number }
  | { type: 'deleted'; binId: string; id: number }
  | { type: 'cleared'; binId: string }
  | { type: 'bin'; binId: string }
  | { type: 'bin_deleted'; binId: string }
  /** A passthrough request's final answer (recordPassthrough). */
  | { type: 'answered'; binId: string; id: number; response: ResponseRecord };

export type ChangeListener = (change: StoreChange) => void;

export interface Store {
  /** 'sqlite' or 'postgres': for start-up lines and health only, never for branching. */
  readonly engine: string;
  /** Where it is, for messages (a path, or a URL without the password). */
  readonly location: string;
  readonly bins: BinStore;
  readonly requests: RequestStore;
  readonly deliveries: DeliveryStore;
  readonly writer: RequestWriter;
  subscribe(listener: ChangeListener): () => void;
  /** Bytes the data takes (what --max-db-size caps). */
  usedBytes(): Promise<number>;
  /**
   * True on the one node that runs the cluster's background jobs (ttl sweep; the engine's own size
   * cap): SQLite always; PostgreSQL the node holding the leader advisory lock, which passes to another
   * node when that one stops or loses its connection.
   */
  isLeader(): boolean;
  /**
   * Where this server listens, once it does: an engine that allows one process per database (SQLite)
   * names it when it refuses a second one.
   */
  announce(url: string): void;
  /**
   * The storage fault an error of this store is (a full disk, an I/O error, a file gone read-only or
   * damaged), as the engine-neutral StorageError, or null for any other error. Writes through the
   * writer already fail with a StorageError; the other methods reject with the engine's error.
   */
  storageError(err: unknown): StorageError | null;
  /**
   * One pass of making room after a storage fault (attempt 0 right after it, then 1, 2, ... while it
   * lasts); resolves true once the store takes a write again.
   */
  recover(attempt: number): Promise<boolean>;
  /** Flushes the writer, stops background work, closes the connection(s). */
  close(): Promise<void>;
}

/** The bin was deleted between the capture and the commit: nothing was stored. */
export class BinGoneError extends Error {
  constructor(binId: string) {
    super(`bin "${binId}" was deleted while the request was being stored`);
  }
}

/** create() of an id that is taken. */
export class BinExistsError extends Error {
  constructor(binId: string) {
    super(`a bin named "${binId}" already exists`);
  }
}
