// `hookscope forward BIN --to URL [--from URL] [--token T]`: follows a hookscope running elsewhere and
// delivers each new request of BIN to --to byte-exact (body from the raw endpoint when the JSON view
// cannot carry it exactly), one line per delivery: `#12 POST /h/bin -> 200 in 4 ms`. Like the in-server
// forwarder, only --to is ever called, and the hop header stops loops.
import { parseArgs } from 'node:util';
import type { RequestDetail, RequestSummary } from '../../core/wire.js';
import { ConfigError } from '../config.js';
import { deliver, type OutboundRequest } from '../replay/outbound.js';
import { authHeaders, followLive, followPoll } from './forward-source.js';
import { MAX_HOPS, nextHop } from './hops.js';

export interface ForwardCliOptions {
  bin: string;
  to: string;
  from: string;
  token: string | null;
  /** Forward requests with a higher id, stored ones included; default: only those arriving from now on. */
  after?: number;
  timeoutMs?: number;
  /** 'auto' (live socket, polling if the server has none), or force one (tests). */
  mode?: 'auto' | 'live' | 'poll';
  pollMs?: number;
}

export const forwardUsage = `Usage: hookscope forward BIN --to URL [--from URL] [--token T]
  --to URL      where each new request of BIN is delivered (http or https)
  --from URL    the hookscope to follow (default http://127.0.0.1:8484, env HOOKSCOPE_FROM)
  --token T     its --token, if it has one (env HOOKSCOPE_TOKEN)
  --after ID    also deliver the stored requests after this id (default: only new ones)
`;

const httpUrl = (text: string, flag: string): string => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${flag} "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${flag} must be an http or https URL`);
  return url.href;
};

/** argv after `forward`. Pure: env is passed in. */
export function parseForwardArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ForwardCliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { to: { type: 'string' }, from: { type: 'string' }, token: { type: 'string' }, after: { type: 'string' } } });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const [bin, ...extra] = parsed.positionals;
  if (!bin || extra.length > 0) throw new ConfigError('forward needs exactly one BIN');
  if (!parsed.values.to) throw new ConfigError('forward needs --to URL');
  const from = httpUrl(parsed.values.from ?? env.HOOKSCOPE_FROM ?? 'http://127.0.0.1:8484', '--from').replace(/\/+$/, '');
  const after = parsed.values.after === undefined ? undefined : Number(parsed.values.after);
  if (after !== undefined && (!Number.isSafeInteger(after) || after < 0)) throw new ConfigError('--after must be a request id (integer >= 0)');
  return { bin, to: httpUrl(parsed.values.to, '--to'), from, token: parsed.values.token ?? env.HOOKSCOPE_TOKEN ?? null, after };
}

async function fetchRequest(o: ForwardCliOptions, id: number): Promise<OutboundRequest | string> {
  const base = `${o.from}/api/bins/${encodeURIComponent(o.bin)}/requests/${id}`;
  const res = await fetch(base, { headers: authHeaders(o.token) });
  if (!res.ok) return `not forwarded: ${base} answered ${res.status}`;
  const d = (await res.json()) as RequestDetail;
  if (d.truncated) return 'not forwarded: the body was truncated at --max-body';
  let body = Buffer.from(d.body, d.bodyEncoding === 'base64' ? 'base64' : 'utf8');
  // The text view cannot carry everything (a UTF-8 BOM, say): then take the exact bytes.
  if (body.length !== d.size) body = Buffer.from(await (await fetch(`${base}/raw`, { headers: authHeaders(o.token) })).arrayBuffer());
  return { method: d.method, rawHeaders: d.rawHeaders, body };
}

export async function forwardOne(o: ForwardCliOptions, s: RequestSummary): Promise<string> {
  const label = `#${s.id} ${s.method} ${s.path}${s.query ? '?' + s.query : ''}`;
  let req: OutboundRequest | string;
  try {
    req = await fetchRequest(o, s.id);
  } catch (err) {
    req = `not forwarded: could not read it from ${o.from}: ${(err as Error).message}`;
  }
  if (typeof req === 'string') return `${label} -> ${req}`;
  const out = nextHop(req);
  if (out === null) return `${label} -> not forwarded: already forwarded ${MAX_HOPS} times (X-Hookscope-Forwarded), a loop?`;
  const r = await deliver(new URL(o.to), out, { timeoutMs: o.timeoutMs });
  return r.ok ? `${label} -> ${r.status} in ${r.durationMs} ms` : `${label} -> failed: ${r.message} after ${r.durationMs} ms`;
}

/** Runs until `signal` aborts; deliveries go out one at a time, in id order. */
export async function runForward(o: ForwardCliOptions, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  let chain = Promise.resolve();
  const source = {
    from: o.from,
    bin: o.bin,
    token: o.token,
    signal,
    log,
    pollMs: o.pollMs,
    cursor: { id: o.after },
    onSummaries: (summaries: RequestSummary[]) => {
      for (const s of summaries) {
        chain = chain.then(async () => {
          if (!signal.aborted) log(await forwardOne(o, s));
        });
      }
    },
  };
  log(`forwarding bin ${o.bin} from ${o.from} to ${o.to}`);
  const mode = o.mode ?? 'auto';
  if (mode !== 'poll' && (await followLive(source)) === 'stopped') return void (await chain);
  if (mode === 'live') return;
  await followPoll(source);
  await chain;
}
