// The live socket of one bin (GET /api/bins/:bin/live?after=ID). It reconnects with backoff
// (0.5 s doubling to 5 s) and resumes after the highest id the state has seen, so a dropped
// connection misses nothing; close code 1013 (the server found us too slow) reconnects at once.
import type { LiveMessage } from '../core/wire.js';

export type { LiveMessage } from '../core/wire.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'closed';

export interface LiveHandlers {
  onMessage(message: LiveMessage): void;
  onState(state: ConnectionState): void;
  /** The id to resume after, asked at every (re)connect; undefined = only what arrives from now on. */
  after(): number | undefined;
}

export interface LiveConnection {
  close(): void;
}

export type LiveConnect = (bin: string, handlers: LiveHandlers) => LiveConnection;

export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveOptions {
  /** ws(s)://host of the server. */
  origin: string;
  createSocket?: (url: string) => SocketLike;
  minDelay?: number;
  maxDelay?: number;
  /** After this many failed attempts in a row the state says offline (it keeps retrying). */
  offlineAfter?: number;
}

export function liveUrl(origin: string, bin: string, after: number | undefined): string {
  return `${origin}/api/bins/${encodeURIComponent(bin)}/live${after === undefined ? '' : `?after=${after}`}`;
}

export function createLiveConnect(options: LiveOptions): LiveConnect {
  const { origin, minDelay = 500, maxDelay = 5000, offlineAfter = 4 } = options;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);

  return (bin, handlers) => {
    let socket: SocketLike | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let closed = false;

    const schedule = (delay: number): void => {
      handlers.onState(failures >= offlineAfter ? 'offline' : 'reconnecting');
      timer = setTimeout(open, delay);
    };

    function open(): void {
      if (closed) return;
      const ws = createSocket(liveUrl(origin, bin, handlers.after()));
      socket = ws;
      ws.onmessage = (ev) => {
        if (typeof ev.data !== 'string') return;
        let message: LiveMessage;
        try {
          message = JSON.parse(ev.data) as LiveMessage;
        } catch {
          return;
        }
        if (message.type === 'hello') {
          failures = 0;
          handlers.onState('live');
        }
        handlers.onMessage(message);
        if (message.type === 'bin_deleted') stop();
      };
      ws.onerror = () => {};
      ws.onclose = (ev) => {
        if (closed || socket !== ws) return;
        socket = null;
        failures++;
        const delay = ev.code === 1013 ? minDelay : Math.min(maxDelay, minDelay * 2 ** (failures - 1));
        schedule(delay);
      };
    }

    function stop(): void {
      closed = true;
      clearTimeout(timer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'viewer closed');
      handlers.onState('closed');
    }

    handlers.onState('connecting');
    open();
    return { close: stop };
  };
}
