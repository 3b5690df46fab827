// WAL checkpoints off the event loop: the writer connection runs with wal_autocheckpoint = 0 and a
// worker thread with its own connection to the same file copies the WAL back into the database. Every
// `intervalMs` after commits it runs a PASSIVE checkpoint (it never blocks the writer, nor waits for a
// reader); the writer starts the WAL over at its next transaction once everything in it was copied.
// Once a second, not more often: each pass copies the hot pages (index roots, the bin rows) again, and
// at 5,000 req/s passes every 200 ms cost 5-10% more CPU per request than none, every 1,000 ms nothing
// measurable (74-80 / 70-74 / 69-78 us).
// Under a load that never lets a pass catch up (new frames arrive while it copies), the WAL would grow
// without bound (measured: 1 GB in 15 s of Pusher batches at 13k req/s), so once a pass leaves
// `maxWalPages` or more behind, the writer's commits wait (gate(): the event loop stays free, requests
// queue into the next group commit) while the worker runs one more PASSIVE pass, which then has only the
// frames written since to copy, and the WAL starts over. A long reader (an export streaming rows) can
// still hold the WAL back, as SQLite's own checkpoints would be held.
// Measured (npm run bench -- --only live, 1,000 req/s, 10 viewers, 20 s): with the checkpoints on the
// event loop, worst stall 34-37 ms and send -> message p99 6.4-7.0 ms; in the worker, 15-22 ms and
// p99 3.5-5.8 ms. At 16k req/s of Pusher batches the WAL file stays between 64 and 96 MB (without the
// paused pass: 1 GB in 15 s). A checkpoint never decides durability: a committed request is in the WAL.
// The worker starts with the first pass and ends after `retireMs` (30 s) without one: a worker thread is
// its own V8 isolate (~10 MB of RSS), not worth holding for a server that only serves reads.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SyncMode } from '../../config.js';

export interface CheckpointerOptions {
  sync: SyncMode;
  /** Least ms between two checkpoints (default 1000). */
  intervalMs?: number;
  /** WAL pages left after a pass that hold the next commit for one catch-up pass (default 8192: 32 MiB of 4 KiB pages). */
  maxWalPages?: number;
  /** A worker that ran no pass for this long ends; the next commit starts another (default 30,000 ms). */
  retireMs?: number;
}

export interface Checkpointer {
  /** A commit happened: checkpoint within the next interval. */
  touched(): void;
  /** Null when a commit may go ahead; else a promise that resolves when it may (a catch-up pass runs). */
  gate(): Promise<void> | null;
  /** Whether a worker thread is up now (it starts at the first pass and ends after retireMs without one). */
  readonly running: boolean;
  /** Resolves once the worker's connection is closed (before the writer's own last checkpoint). */
  close(): Promise<void>;
}

/** The worker (CommonJS, evaluated: no file of its own to find from the build or from the sources). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db = null;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  db.pragma('synchronous = ' + workerData.synchronous);
  db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
} catch {
  db = null; // the writer checkpoints on close; nothing to do here
}
parentPort.on('message', (m) => {
  if (m === 'close') {
    try { db?.close(); } catch {}
    db = null;
    parentPort.postMessage('closed');
    parentPort.close();
    return;
  }
  let pass = null;
  if (db) {
    try {
      [pass] = db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A full disk: the next pass tries again; the writer's own storage errors say the rest.
    }
  }
  parentPort.postMessage({ log: pass ? pass.log : 0, checkpointed: pass ? pass.checkpointed : 0 });
});
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

export function createCheckpointer(dbPath: string, opts: CheckpointerOptions): Checkpointer {
  const workerData = {
    driver,
    path: dbPath,
    synchronous: opts.sync === 'full' ? 'FULL' : 'NORMAL',
    journalSizeLimit: 64 * 1024 * 1024,
  };
  const maxWalPages = opts.maxWalPages ?? 8192;
  const retireMs = opts.retireMs ?? 30_000;
  /** Started at the first pass, retired after retireMs without one (it holds ~10 MB: its own V8 isolate). */
  let worker: Worker | null = null;
  /** A worker that failed or died unexpectedly: no new one (checkpoints fall back, see below). */
  let broken = false;
  let retiring: Promise<void> | null = null;
  let lastPassAt = 0;
  let dirty = false;
  let busy = false;
  let closed = false;
  /** While a catch-up pass runs: commits wait for it. */
  let held: { promise: Promise<void>; open: () => void } | null = null;

  function hold(): void {
    let open = (): void => {};
    const promise = new Promise<void>((resolve) => (open = resolve));
    // Never held for long, whatever the worker does.
    const limit = setTimeout(release, 1000);
    held = { promise, open: () => (clearTimeout(limit), open()) };
  }
  function release(): void {
    const h = held;
    held = null;
    h?.open();
  }

  function start(): Worker {
    const w = new Worker(WORKER, { eval: true, workerData });
    w.unref();
    w.on('message', (m: { log: number; checkpointed: number } | string) => {
      if (typeof m === 'string' || w !== worker) return;
      busy = false;
      if (held) return release();
      // A big WAL: the writer has not started it over since (each pass copied what it saw while new frames
      // arrived). One more pass with the writer paused copies the rest, and the next commit starts it over.
      if (m.log >= maxWalPages && !closed) {
        hold();
        pass();
      }
    });
    // A worker that cannot start (or died): checkpoints fall back to the writer's close and to SQLite's
    // own reading of the WAL as it is; nothing is lost.
    const lost = (): void => {
      if (w !== worker) return; // retired on purpose
      worker = null;
      broken = true;
      busy = false;
      release();
    };
    w.on('error', lost);
    w.on('exit', lost);
    return w;
  }

  function pass(): void {
    if (broken) return;
    worker ??= start();
    busy = true;
    lastPassAt = Date.now();
    worker.postMessage('tick');
  }

  /** Asks a worker to close its connection and end; resolves once it has (or after 5 s, terminated). */
  function stop(w: Worker): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = setTimeout(() => void w.terminate().then(() => resolve(), () => resolve()), 5000);
      w.on('message', (m) => {
        if (m === 'closed') (clearTimeout(done), resolve());
      });
      w.once('exit', () => (clearTimeout(done), resolve()));
      w.postMessage('close');
    });
  }

  function retire(): void {
    const w = worker as Worker;
    worker = null;
    retiring = stop(w).finally(() => (retiring = null));
  }

  const timer = setInterval(() => {
    if (closed || busy || retiring) return;
    if (dirty) {
      dirty = false;
      pass();
    } else if (worker && Date.now() - lastPassAt >= retireMs) retire();
  }, opts.intervalMs ?? 1000);
  timer.unref();

  return {
    touched() {
      dirty = true;
    },
    gate: () => held?.promise ?? null,
    get running() {
      return worker !== null;
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      release();
      await retiring;
      const w = worker;
      worker = null;
      if (w) await stop(w);
    },
  };
}
