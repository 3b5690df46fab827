// Whether the store takes writes, whatever the engine. A storage fault (server/store/storage-error.ts)
// makes hookscope degraded: /healthz answers 503 with the reason, the viewer shows a banner, and the
// engine's recovery (Store.recover; SQLite: server/store/sqlite/disk-room.ts) runs at once and then every `retryMs` until a
// pass succeeds; any committed write ends the episode too.
import type { Metrics } from '../metrics/registry.js';
import { faultSummary, type StorageError } from '../store/index.js';

export type HealthState = { status: 'ok' } | { status: 'degraded'; reason: string; kind: StorageError['kind']; since: number };

export interface StorageHealthOptions {
  /** The engine's errors -> its storage faults (null: not one). */
  classify: (err: unknown) => StorageError | null;
  /** One recovery pass (attempt 0 right after a fault, then 1, 2, ... every retryMs); true when the store took a write again. */
  recover?: (attempt: number) => Promise<boolean>;
  metrics?: Metrics;
  now: () => number;
  retryMs?: number;
  /** Where a fault is told (the CLI's stderr); embedded use leaves it out. */
  log?: (line: string) => void;
}

export type StorageHealth = ReturnType<typeof createStorageHealth>;

export function createStorageHealth(opts: StorageHealthOptions) {
  const retryMs = opts.retryMs ?? 1000;
  let state: HealthState = { status: 'ok' };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let attempt = 0;
  // Every kind shows in /metrics from the start (a counter that appears only once it moves hides the 0 -> 1).
  for (const kind of Object.keys(faultSummary)) opts.metrics?.inc('hookscope_storage_errors_total', { kind }, 0);

  // A fault's first pass runs even if a smaller write committed meanwhile: the room is still short.
  async function recover(): Promise<void> {
    if (closed || !opts.recover) return void (timer = undefined);
    let ok = false;
    try {
      ok = await opts.recover(attempt++);
    } catch {
      ok = false;
    }
    timer = undefined;
    if (ok) healthy();
    else if (!closed && state.status === 'degraded') (timer = setTimeout(() => void recover(), retryMs)).unref();
  }

  function healthy(): void {
    if (state.status === 'ok') return;
    opts.log?.(`hookscope: storage recovered after ${Math.round((opts.now() - state.since) / 1000)} s; accepting captures again`);
    state = { status: 'ok' };
  }

  /** Records a storage fault: counted every time, degraded once, recovery scheduled. */
  function fault(err: StorageError): void {
    opts.metrics?.inc('hookscope_storage_errors_total', { kind: err.kind });
    if (state.status === 'degraded') return;
    attempt = 0;
    if (!timer && opts.recover) (timer = setTimeout(() => void recover(), 0)).unref();
    const reason = `${faultSummary[err.kind]} (${err.message}, ${err.engineCode})`;
    state = { status: 'degraded', reason, kind: err.kind, since: opts.now() };
    opts.log?.(`hookscope: storage degraded: ${reason}; captures are answered 507 until it is resolved`);
  }

  return {
    state: (): HealthState => state,
    /** A storage fault or null; a fault is recorded. For the error paths of capture and the API. */
    observe(err: unknown): StorageError | null {
      const storage = opts.classify(err);
      if (storage) fault(storage);
      return storage;
    },
    /** A write committed: the episode, if any, is over. Cheap: called after every commit. */
    committed(): void {
      if (state.status !== 'ok') healthy();
    },
    close(): void {
      closed = true;
      clearTimeout(timer);
    },
  };
}

/** The message of a 507 storage_full answer (capture and API alike). */
export function storageFullMessage(err: StorageError): string {
  return `nothing was stored: ${faultSummary[err.kind]} (${err.message}); hookscope is making room, retry shortly`;
}
