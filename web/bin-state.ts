// One open bin: its settings, the newest-first request list (first page from the API, then live
// messages, older pages on demand), the filters and the live connection state.
import { batch, signal } from '@preact/signals';
import type { Bin, RequestSummary } from '../core/wire.js';
import type { Api } from './api.js';
import { createBinActions } from './bin-actions.js';
import { emptyFilters, type Filters, filterParams, matchesLocally, needsServer } from './filters.js';
import { type Frame, immediate, type LiveBatch, createLiveBatcher } from './live-batch.js';
import type { ConnectionState, LiveConnect, LiveConnection, LiveMessage } from './live.js';
import { maxId, pruneUpTo, removeId, replaceWithPage, upsert } from './request-list.js';

export const PAGE_SIZE = 100;
/** A signature refresh refetches at most this many rows (the API's limit). */
const MAX_PAGE = 1000;

export interface BinHooks {
  /** The bin's settings changed (e.g. a new secret): verdicts were recomputed. */
  binChanged?(): void;
  /** A request left the list (deleted, cleared: null means all). */
  removed?(id: number | null): void;
  /** A passthrough request got its final answer: its detail changed. */
  answered?(id: number): void;
  /** Every live message, before the list handles it (the Channels view listens here). */
  live?(message: LiveMessage): void;
}

/** `frame`: when coalesced live messages are applied (main.tsx: each animation frame; tests: at once). */
export function createBinState(api: Api, live: LiveConnect, hooks: BinHooks = {}, frame: Frame = immediate) {
  const binId = signal<string | null>(null);
  const bin = signal<Bin | null>(null);
  const requests = signal<RequestSummary[]>([]);
  const filters = signal<Filters>(emptyFilters);
  const hasMore = signal(false);
  const loading = signal(false);
  const loadingMore = signal(false);
  const connection = signal<ConnectionState>('closed');
  const gone = signal(false);
  /** The bin does not exist (yet): a first captured request creates it (auto-create), the socket then says hello. */
  const missing = signal(false);
  const error = signal<string | null>(null);

  let connectionHandle: LiveConnection | null = null;
  /** Highest request id seen from any source, matching the filters or not: where a reconnect resumes. */
  let highest: number | undefined;
  let generation = 0;
  let helloSeen = false;

  const noteIds = (list: readonly RequestSummary[]): void => {
    const top = maxId(list);
    if (top > (highest ?? 0)) highest = top;
  };

  /** Fetches the first page with the current filters and puts it in place of the list. */
  async function loadFirst(limit = PAGE_SIZE): Promise<void> {
    const id = binId.value;
    if (id === null) return;
    const gen = generation;
    const keepAbove = highest ?? 0;
    loading.value = true;
    const result = await api.listRequests(id, { ...filterParams(filters.value), limit });
    if (gen !== generation) return;
    batch(() => {
      loading.value = false;
      if (!result.ok) {
        if (result.status === 404) missing.value = true;
        else error.value = result.message;
        return;
      }
      noteIds(result.value);
      requests.value = replaceWithPage(requests.value, result.value, keepAbove);
      hasMore.value = result.value.length === limit;
    });
  }

  async function loadBin(): Promise<void> {
    const id = binId.value;
    if (id === null) return;
    const result = await api.getBin(id);
    if (id === binId.value && result.ok) bin.value = result.value;
  }

  /** channel and q filters are the server's: ask it which of the new requests match. */
  async function fetchNewer(after: number): Promise<void> {
    const id = binId.value;
    const gen = generation;
    if (id === null) return;
    const result = await api.listRequests(id, { ...filterParams(filters.value), after, limit: MAX_PAGE });
    if (gen === generation && result.ok) requests.value = upsert(requests.value, result.value);
  }

  /** The highest id seen before the pending live requests (where a server-filtered fetch starts). */
  let pendingAfter: number | null = null;
  /** The bin's count after a prune, read at most once a second however often prunes come. */
  let countTimer: ReturnType<typeof setTimeout> | undefined;
  const refreshCount = (): void => {
    countTimer ??= setTimeout(() => {
      countTimer = undefined;
      void loadBin();
    }, 1000);
  };

  function apply({ requests: incoming, prunedUpTo, answered }: LiveBatch): void {
    batch(() => {
      if (incoming.length > 0) onRequests(incoming);
      if (prunedUpTo > 0) {
        requests.value = pruneUpTo(requests.value, prunedUpTo);
        refreshCount();
      }
      if (answered.size > 0) {
        // One pass for every passthrough answer of the frame; rows not shown are left alone.
        if (requests.value.some((r) => answered.has(r.id))) requests.value = requests.value.map((r) => (answered.has(r.id) ? { ...r, response: answered.get(r.id) ?? r.response } : r));
        for (const id of answered.keys()) hooks.answered?.(id);
      }
    });
  }
  const batcher = createLiveBatcher(frame, apply);

  function onRequests(incoming: RequestSummary[]): void {
    const before = pendingAfter ?? 0;
    pendingAfter = null;
    const current = bin.value;
    if (current) {
      const last = incoming[incoming.length - 1];
      bin.value = { ...current, requestCount: current.requestCount + incoming.length, lastActivityAt: last?.receivedAt ?? current.lastActivityAt };
    }
    if (needsServer(filters.value)) return void fetchNewer(before);
    const shown = incoming.filter((r) => matchesLocally(r, filters.value));
    if (shown.length > 0) requests.value = upsert(requests.value, shown);
  }

  function onMessage(message: LiveMessage): void {
    hooks.live?.(message);
    if (message.type === 'requests') {
      pendingAfter ??= highest ?? 0;
      noteIds(message.requests);
      return batcher.requests(message.requests);
    }
    if (message.type === 'pruned') return batcher.pruned(message.upTo);
    if (message.type === 'answered') return batcher.answered(message.id, message.response);
    // Anything else sees the list as it is after what came before it.
    batcher.flush();
    switch (message.type) {
      case 'hello':
        if (message.lastId > (highest ?? 0)) highest = message.lastId;
        if (missing.value) {
          missing.value = false;
          void loadBin();
        }
        // The first page may have been read before the socket subscribed: read it again now (merge).
        if (!helloSeen) void loadFirst(Math.max(PAGE_SIZE, Math.min(MAX_PAGE, requests.value.length)));
        helloSeen = true;
        return;
      case 'deleted':
        requests.value = removeId(requests.value, message.id);
        hooks.removed?.(message.id);
        return;
      case 'cleared':
        batch(() => {
          requests.value = [];
          hasMore.value = false;
          if (bin.value) bin.value = { ...bin.value, requestCount: 0 };
        });
        hooks.removed?.(null);
        return;
      case 'bin':
        bin.value = message.bin;
        void refresh();
        hooks.binChanged?.();
        return;
      case 'bin_deleted':
        gone.value = true;
        return;
    }
  }

  /** Verdicts changed (a secret was set): refetch what is loaded so every badge is current. */
  function refresh(): Promise<void> {
    return loadFirst(Math.max(PAGE_SIZE, Math.min(MAX_PAGE, requests.value.length)));
  }

  function close(): void {
    batcher.reset();
    pendingAfter = null;
    clearTimeout(countTimer);
    countTimer = undefined;
    connectionHandle?.close();
    connectionHandle = null;
    generation++;
    batch(() => {
      binId.value = null;
      bin.value = null;
      requests.value = [];
      connection.value = 'closed';
    });
  }

  const core = {
    binId, bin, requests, filters, hasMore, loading, loadingMore, connection, gone, missing, error,
    /** Live messages enter here (exported for tests that drive the state without a socket). */
    onMessage,
    refresh,
    open(id: string, initial: Filters = emptyFilters): void {
      close();
      highest = undefined;
      helloSeen = false;
      batch(() => {
        binId.value = id;
        filters.value = initial;
        gone.value = false;
        missing.value = false;
        error.value = null;
        hasMore.value = false;
      });
      void loadBin();
      connectionHandle = live(id, {
        onMessage,
        onState: (state) => (connection.value = state),
        after: () => highest,
      });
      void loadFirst();
    },
    close,
    setFilters(patch: Partial<Filters>): Promise<void> {
      generation++;
      batcher.reset();
      pendingAfter = null;
      batch(() => {
        filters.value = { ...filters.value, ...patch };
        requests.value = [];
        hasMore.value = false;
      });
      return loadFirst();
    },
    async loadMore(): Promise<void> {
      const id = binId.value;
      const list = requests.value;
      if (id === null || !hasMore.value || loadingMore.value || list.length === 0) return;
      const gen = generation;
      loadingMore.value = true;
      const result = await api.listRequests(id, { ...filterParams(filters.value), before: list[list.length - 1].id, limit: PAGE_SIZE });
      if (gen !== generation) return;
      batch(() => {
        loadingMore.value = false;
        if (!result.ok) return;
        requests.value = upsert(requests.value, result.value);
        hasMore.value = result.value.length === PAGE_SIZE;
      });
    },
  };
  return { ...core, ...createBinActions(api, core) };
}

export type BinStore = ReturnType<typeof createBinState>;
