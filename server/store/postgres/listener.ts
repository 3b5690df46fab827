// The node's dedicated connection for LISTEN (a pooled client cannot listen: it is handed to other
// queries and released). The same session holds the cluster's leader lock (a session-level advisory
// lock: released by PostgreSQL when the session ends, so a node that dies hands leadership on). A
// lost connection (server restart, network) is reopened with backoff; each reconnect tells the feed,
// which re-reads what it may have missed while deaf.
import pg from 'pg';
import { clientConfig } from './connect.js';
import { HOOKSCOPE_LOCK, LEADER_LOCK } from './migrations.js';
import { CHANNEL } from './notifier.js';

export interface ListenerOptions {
  url: string;
  onNotify(payload: string): void;
  /** Listening again after a lost connection (not called for the first connect). */
  onReconnect(): void;
  /** First retry delay after a lost connection, doubled up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export type Listener = Awaited<ReturnType<typeof createListener>>;

/** Resolves once listening; rejects when the first connection fails (start-up error). */
export async function createListener(opts: ListenerOptions) {
  const backoff = opts.backoffMs ?? 100;
  const maxBackoff = opts.maxBackoffMs ?? 2000;
  let client: pg.Client | null = null;
  let leader = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = backoff;
  let connected = false;

  async function open(): Promise<pg.Client> {
    const c = new pg.Client(clientConfig(opts.url));
    c.on('notification', (m) => {
      if (m.channel === CHANNEL && m.payload) opts.onNotify(m.payload);
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      c.removeAllListeners('end');
      c.on('error', () => {});
      void c.end().catch(() => undefined);
      throw err;
    }
    return c;
  }

  function lost(c: pg.Client): void {
    if (client !== c) return;
    client = null;
    connected = false;
    leader = false;
    c.removeAllListeners('end');
    c.on('error', () => {});
    void c.end().catch(() => undefined);
    schedule();
  }

  function schedule(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      open().then(
        (c) => {
          if (closed) return void c.end().catch(() => undefined);
          client = c;
          connected = true;
          delay = backoff;
          void tryLead();
          opts.onReconnect();
        },
        () => {
          delay = Math.min(delay * 2, maxBackoff);
          schedule();
        },
      );
    }, delay);
    retry.unref();
  }

  async function tryLead(): Promise<boolean> {
    const c = client;
    if (leader || !c) return leader;
    try {
      const res = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [HOOKSCOPE_LOCK, LEADER_LOCK]);
      if (client === c) leader = res.rows[0].ok;
    } catch {
      // lost() runs from the error event
    }
    return leader;
  }

  client = await open();
  connected = true;
  await tryLead();

  return {
    /** This node holds the leader lock now (runs the cluster's background jobs). */
    isLeader: (): boolean => leader,
    /** Tries to take the leader lock when nobody holds it (called periodically by the feed). */
    tryLead,
    connected: (): boolean => connected,
    async close(): Promise<void> {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      leader = false;
      if (c) {
        c.removeAllListeners('end');
        c.on('error', () => {});
        await c.end().catch(() => undefined);
      }
    },
  };
}
