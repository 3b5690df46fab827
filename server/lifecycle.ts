// A graceful stop (SIGTERM, SIGINT, HookscopeServer.close): stop accepting connections, let requests in
// flight commit and get their answer, tell every client not to reuse its connection, close live sockets
// with 1001 (clients resume with ?after=), then close the store. Engine-neutral: start.ts runs the
// store's part once the HTTP server has drained.
import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import type { ServerResponse } from 'node:http';

export interface Lifecycle {
  /** True once the stop began. */
  readonly draining: boolean;
  /** Aborted when the stop begins: long-polls end (503 shutting_down). */
  readonly signal: AbortSignal;
  /** Runs `f` when the stop begins (a delayed answer answers at once); returns the unregistration. */
  onDrain(f: () => void): () => void;
  /** Marks an answer written during the stop as the connection's last (Connection: close). */
  closeAfter(res: ServerResponse): void;
}

export function createLifecycle() {
  const controller = new AbortController();
  const hooks = new Set<() => void>();
  const lifecycle: Lifecycle & { begin(): void } = {
    get draining() {
      return controller.signal.aborted;
    },
    signal: controller.signal,
    onDrain(f) {
      if (controller.signal.aborted) {
        f();
        return () => {};
      }
      hooks.add(f);
      return () => void hooks.delete(f);
    },
    closeAfter(res) {
      if (controller.signal.aborted && !res.headersSent) res.setHeader('Connection', 'close');
    },
    begin() {
      if (controller.signal.aborted) return;
      controller.abort();
      for (const f of [...hooks]) {
        try {
          f();
        } catch {
          // one answer that cannot be written must not keep the others from theirs
        }
      }
      hooks.clear();
    },
  };
  return lifecycle;
}

export interface DrainOptions {
  /** Longest wait for requests in flight before their connections are cut (ms). */
  graceMs: number;
  /**
   * Idle keep-alive connections are closed after this (ms), then swept every 100 ms. A request already
   * sent on one but not yet read would be lost to a reset if it were closed at once (what
   * http.Server.close does), so each sweep runs in the check phase (setImmediate), right after a poll
   * phase has read what had arrived: a loop that was blocked for a while (measured on the shared VM: 20 to
   * 200 ms right after the signal) would otherwise run an overdue timer before reading anything.
   */
  idleGraceMs?: number;
}

/**
 * Stops listening and resolves once every connection has closed: idle ones after a short grace, busy
 * ones after their answer (which carries Connection: close), all of them at `graceMs` at the latest.
 * Resolves `forced` when the deadline had to cut connections.
 */
export function drainServer(server: Server, opts: DrainOptions): Promise<{ forced: boolean }> {
  return new Promise((resolve) => {
    let forced = false;
    let sweep: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, opts.graceMs);
    const closeIdle = (): void => void setImmediate(() => server.closeIdleConnections());
    const first = setTimeout(() => {
      closeIdle();
      sweep = setInterval(closeIdle, 100);
    }, opts.idleGraceMs ?? 100);
    // net.Server's close: stop listening, 'close' once the last connection ended. http.Server.close would
    // also close idle connections at once (see idleGraceMs).
    NetServer.prototype.close.call(server, () => {
      clearTimeout(deadline);
      clearTimeout(first);
      clearInterval(sweep);
      resolve({ forced });
    });
  });
}
