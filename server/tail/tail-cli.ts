// `hookscope tail BIN [--from URL] [--token T] [--after ID] [--json]`: prints each request of a bin as
// it arrives, one line each (or one JSON summary per line with --json, for scripts), following the
// live socket with resume (server/forward/forward-source.ts), like `tail -f` for webhooks.
import { parseArgs } from 'node:util';
import type { RequestSummary } from '../../core/wire.js';
import { ConfigError } from '../config.js';
import { followLive, followPoll } from '../forward/forward-source.js';

export interface TailOptions {
  bin: string;
  from: string;
  token: string | null;
  /** Also print the stored requests after this id; default: only those arriving from now on. */
  after?: number;
  json: boolean;
}

export const tailUsage = `Usage: hookscope tail BIN [--from URL] [--token T] [--after ID] [--json]
  --from URL    the hookscope to follow (default http://127.0.0.1:8484, env HOOKSCOPE_FROM)
  --token T     its --token, if it has one (env HOOKSCOPE_TOKEN)
  --after ID    also print the stored requests after this id (0: everything stored)
  --json        one JSON request summary per line instead of the readable line
`;

/** argv after `tail`. Pure: env is passed in. */
export function parseTailArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): TailOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { from: { type: 'string' }, token: { type: 'string' }, after: { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const [bin, ...extra] = parsed.positionals;
  if (!bin || extra.length > 0) throw new ConfigError('tail needs exactly one BIN');
  const from = (parsed.values.from ?? env.HOOKSCOPE_FROM ?? 'http://127.0.0.1:8484').replace(/\/+$/, '');
  if (!/^https?:\/\/./.test(from)) throw new ConfigError(`--from "${from}" must be an http or https URL`);
  const after = parsed.values.after === undefined ? undefined : Number(parsed.values.after);
  if (after !== undefined && (!Number.isSafeInteger(after) || after < 0)) throw new ConfigError('--after must be a request id (integer >= 0)');
  return { bin, from, token: parsed.values.token ?? env.HOOKSCOPE_TOKEN ?? null, after, json: parsed.values.json === true };
}

const size = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

/** `#12 13:09:32.293 POST /h/demo/x?a=1 -> 200  209 B  valid (pusher app-key)  channel_vacated, member_removed` */
export function formatSummary(s: RequestSummary): string {
  const time = new Date(s.receivedAt).toISOString().slice(11, 23);
  const sig = s.signature;
  const verdict = sig.status === 'no_secret' ? 'no secret' : sig.status;
  const why = [sig.scheme, sig.key].filter(Boolean).join(' ') + (sig.reason ? `: ${sig.reason}` : '');
  const parts = [
    `#${s.id} ${time} ${s.method} ${s.path}${s.query ? '?' + s.query : ''}`,
    `-> ${s.response?.dropped ? 'dropped' : (s.response?.status ?? '?')}`,
    size(s.size) + (s.truncated ? ' (truncated)' : ''),
    why ? `${verdict} (${why})` : verdict,
  ];
  if (s.attempt !== undefined && s.attempt > 1) parts.push(`attempt ${s.attempt} of #${s.retryOf}`);
  if (s.eventNames.length > 0) parts.push(s.eventNames.join(', '));
  else if (s.decoder) parts.push(s.decoder);
  return parts.join('  ');
}

/** Runs until `signal` aborts. Status lines go to `info`, requests to `print`. */
export async function runTail(o: TailOptions, print: (line: string) => void, info: (line: string) => void, signal: AbortSignal): Promise<void> {
  const source = {
    from: o.from,
    bin: o.bin,
    token: o.token,
    signal,
    log: info,
    doing: 'printing new requests',
    cursor: { id: o.after },
    onSummaries: (summaries: RequestSummary[]) => {
      for (const s of summaries) print(o.json ? JSON.stringify(s) : formatSummary(s));
    },
  };
  if ((await followLive(source)) === 'stopped') return;
  await followPoll(source);
}
