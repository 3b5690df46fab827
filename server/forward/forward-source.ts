// Where `hookscope forward` learns about new requests: the live socket `GET /api/bins/:bin/live?after=ID`
// (server/live/README.md: `hello` first, then `requests` frames per commit), reconnecting with
// `after=<last id>` so nothing is missed; or, against a server without the socket, polling
// `GET /api/bins/:bin/requests?after=ID` every 500 ms.
import { WebSocket } from 'ws';
import type { RequestSummary } from '../../core/wire.js';

export interface SourceOptions {
  from: string;
  bin: string;
  token: string | null;
  signal: AbortSignal;
  log: (line: string) => void;
  /** New summaries, ascending ids, none twice. */
  onSummaries: (summaries: RequestSummary[]) => void;
  /** Highest id seen so far; undefined until the first contact (then only newer requests are forwarded). */
  cursor: { id: number | undefined };
  pollMs?: number;
  /** What the follower does, for the connected line (default: forwarding new requests). */
  doing?: string;
}

export const authHeaders = (token: string | null): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

const wait = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

function accept(o: SourceOptions, summaries: RequestSummary[]): void {
  const fresh = summaries.filter((s) => o.cursor.id === undefined || s.id > o.cursor.id).sort((a, b) => a.id - b.id);
  if (fresh.length === 0) return;
  o.cursor.id = fresh[fresh.length - 1].id;
  o.onSummaries(fresh);
}

type Session = 'closed' | 'unsupported' | 'bin_not_found' | 'unauthorized';

function liveSession(o: SourceOptions, onOpen: () => void): Promise<Session> {
  const url = new URL(`/api/bins/${encodeURIComponent(o.bin)}/live`, o.from.replace(/^http/, 'ws'));
  if (o.cursor.id !== undefined) url.searchParams.set('after', String(o.cursor.id));
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: authHeaders(o.token) });
    const stop = (): void => ws.terminate();
    o.signal.addEventListener('abort', stop, { once: true });
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const code = /"code":"([a-z_]+)"/.exec(Buffer.concat(chunks).toString())?.[1];
        if (res.statusCode === 401) resolve('unauthorized');
        else if (code === 'bin_not_found') resolve('bin_not_found');
        else if (res.statusCode === 404 || res.statusCode === 400) resolve('unsupported');
        else resolve('closed');
        ws.terminate();
      });
    });
    ws.on('open', onOpen);
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; lastId?: number; requests?: RequestSummary[] };
      if (message.type === 'hello' && o.cursor.id === undefined) o.cursor.id = message.lastId ?? 0;
      else if (message.type === 'requests' && message.requests) accept(o, message.requests);
    });
    ws.on('error', () => {}); // followed by 'close'
    ws.on('close', () => {
      o.signal.removeEventListener('abort', stop);
      resolve('closed');
    });
  });
}

/** Follows the live socket until aborted. Resolves 'unsupported' when the server has no such socket. */
export async function followLive(o: SourceOptions): Promise<'stopped' | 'unsupported'> {
  let backoff = 250;
  let said = '';
  const say = (line: string): void => {
    if (line !== said) o.log((said = line));
  };
  while (!o.signal.aborted) {
    const result = await liveSession(o, () => {
      backoff = 250;
      say(`connected to ${o.from} (bin ${o.bin}), ${o.doing ?? 'forwarding new requests'}`);
    });
    if (o.signal.aborted) break;
    if (result === 'unsupported') return 'unsupported';
    if (result === 'unauthorized') throw new Error(`${o.from} needs a token: pass --token or HOOKSCOPE_TOKEN`);
    if (result === 'bin_not_found') {
      // Nothing stored yet: every request the bin will get is new, including the one that creates it.
      o.cursor.id ??= 0;
      say(`no bin "${o.bin}" on ${o.from} yet, waiting for it`);
    }
    else say(`disconnected from ${o.from}, reconnecting after id ${o.cursor.id ?? 0}`);
    await wait(backoff, o.signal);
    backoff = Math.min(backoff * 2, 5000);
  }
  return 'stopped';
}

async function page(o: SourceOptions, after: number, before?: number, limit = 1000): Promise<RequestSummary[]> {
  const url = new URL(`/api/bins/${encodeURIComponent(o.bin)}/requests`, o.from);
  url.searchParams.set('after', String(after));
  url.searchParams.set('limit', String(limit));
  if (before !== undefined) url.searchParams.set('before', String(before));
  const res = await fetch(url, { headers: authHeaders(o.token), signal: o.signal });
  if (res.status === 401) throw new Error(`${o.from} needs a token: pass --token or HOOKSCOPE_TOKEN`);
  if (!res.ok) return [];
  return ((await res.json()) as { requests: RequestSummary[] }).requests;
}

/** Fallback: polls the requests API (newest first, so pages back until `after` is reached). */
export async function followPoll(o: SourceOptions): Promise<void> {
  o.log(`polling ${o.from} every ${o.pollMs ?? 500} ms (no live socket there)`);
  while (!o.signal.aborted) {
    try {
      if (o.cursor.id === undefined) o.cursor.id = (await page(o, 0, undefined, 1))[0]?.id ?? 0;
      const all: RequestSummary[] = [];
      for (let batch = await page(o, o.cursor.id); batch.length > 0; batch = await page(o, o.cursor.id, batch[batch.length - 1].id)) {
        all.push(...batch);
        if (batch.length < 1000) break;
      }
      accept(o, all);
    } catch (err) {
      if (o.signal.aborted) break;
      if (/needs a token/.test((err as Error).message)) throw err;
    }
    await wait(o.pollMs ?? 500, o.signal);
  }
}
