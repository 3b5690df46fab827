// Config type, defaults and a pure parser of argv + env. Only cli.ts passes process.* in.
import { parseArgs } from 'node:util';

export type SyncMode = 'normal' | 'full';

export interface BinPreset {
  name: string;
  key?: string;
  secret?: string;
}

export interface Config {
  port: number;
  host: string;
  /** SQLite file path or ':memory:', or a postgres:// (postgresql://) URL: several nodes on one database. */
  db: string;
  maxBody: number;
  maxRequests: number;
  /** Milliseconds a bin may stay untouched before the sweep removes it. */
  ttl: number;
  autoCreate: boolean;
  bins: BinPreset[];
  pusherKey: string | null;
  pusherSecret: string | null;
  relayKey: string | null;
  relaySecret: string | null;
  token: string | null;
  publicUrl: string | null;
  sync: SyncMode;
  maxBins: number;
  maxDbSize: number | null;
  /** Largest file POST /api/bins/:bin/import reads (bytes). */
  maxImport: number;
  open: boolean;
  /** Injected clock (tests). */
  now?: () => number;
  /** Interval of the ttl sweep in ms. */
  sweepInterval: number;
  /** Serve the built viewer from this directory (default: dist/web beside the package). */
  webRoot?: string | null;
  /** Print nothing (embedded use). */
  quiet?: boolean;
  /** Timeout of replay and forwarding deliveries in ms (default 10 s; tests shrink it). */
  deliveryTimeout?: number;
  /**
   * This process's id (cli.ts passes process.pid): written beside the database file for another
   * hookscope's refusal, and carried in soketi's User-Agent when hookscope plays soketi (default 1 there).
   */
  pid?: number;
  /** Real ms per server ms in POST /api/send (batching windows, 3 s delays, retry backoff); tests shrink it. */
  sendTimeScale?: number;
  /** Live socket tuning (server/live/options.ts): heartbeat ms, per-client send buffer limit, ... Tests shrink them. */
  live?: { pingInterval?: number; maxBuffered?: number; closeGrace?: number; backlogPage?: number; maxPending?: number; maxPayload?: number };
}

export const defaults: Config = {
  port: 8484,
  host: '127.0.0.1',
  db: '.hookscope/hookscope.db',
  maxBody: 10 * 1024 * 1024,
  maxRequests: 1000,
  ttl: 7 * 24 * 3600 * 1000,
  autoCreate: true,
  bins: [],
  pusherKey: null,
  pusherSecret: null,
  relayKey: null,
  relaySecret: null,
  token: null,
  publicUrl: null,
  sync: 'normal',
  maxBins: 10000,
  maxDbSize: null,
  maxImport: 100 * 1024 * 1024,
  open: false,
  sweepInterval: 60_000,
};

const units: Record<string, number> = { b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/** "10mb", "512kb", "1048576" -> bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const factor = m ? units[(m[2] || 'b').toLowerCase()] : undefined;
  if (!m || factor === undefined) throw new ConfigError(`invalid size "${text}" (use e.g. 512kb, 10mb)`);
  return Math.floor(Number(m[1]) * factor);
}

const durations: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "7d", "90m", "30s", "1500ms", "3600" (seconds) -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/i.exec(text);
  if (!m) throw new ConfigError(`invalid duration "${text}" (use e.g. 30s, 90m, 12h, 7d)`);
  return Math.floor(Number(m[1]) * durations[(m[2] ?? 's').toLowerCase()]);
}

export class ConfigError extends Error {}

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'max-body': { type: 'string' },
  'max-requests': { type: 'string' },
  ttl: { type: 'string' },
  'no-auto-create': { type: 'boolean' },
  'auto-create': { type: 'boolean' },
  bin: { type: 'string', multiple: true },
  'pusher-key': { type: 'string' },
  'pusher-secret': { type: 'string' },
  'relay-key': { type: 'string' },
  'relay-secret': { type: 'string' },
  token: { type: 'string' },
  'public-url': { type: 'string' },
  sync: { type: 'string' },
  'max-bins': { type: 'string' },
  'max-db-size': { type: 'string' },
  'max-import': { type: 'string' },
  open: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export type FlagName = keyof typeof options;

/** Env var of a flag: --max-body -> HOOKSCOPE_MAX_BODY. */
export function envName(flag: string): string {
  return 'HOOKSCOPE_' + flag.replace(/-/g, '_').toUpperCase();
}

export interface ParsedCli {
  config: Config;
  help: boolean;
  version: boolean;
  positionals: string[];
}

export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedCli {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const get = (flag: FlagName): string | undefined => {
    const value = v[flag];
    if (typeof value === 'string') return value;
    const fromEnv = env[envName(flag)];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const flagBool = (flag: FlagName): boolean | undefined => {
    if (typeof v[flag] === 'boolean') return v[flag] as boolean;
    const fromEnv = env[envName(flag)];
    if (fromEnv === undefined || fromEnv === '') return undefined;
    return /^(1|true|yes|on)$/i.test(fromEnv);
  };
  const int = (flag: FlagName, fallback: number, min = 0): number => {
    const text = get(flag);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new ConfigError(`--${flag} must be an integer >= ${min}, got "${text}"`);
    return n;
  };
  const port = int('port', defaults.port);
  if (port > 65535) throw new ConfigError(`--port must be 0-65535, got ${port}`);
  const sync = (get('sync') ?? defaults.sync).toLowerCase();
  if (sync !== 'normal' && sync !== 'full') throw new ConfigError(`--sync must be "normal" or "full", got "${sync}"`);
  const maxBody = get('max-body');
  const ttl = get('ttl');
  const maxDbSize = get('max-db-size');
  const maxImport = get('max-import');
  const noAuto = flagBool('no-auto-create');
  const auto = flagBool('auto-create');
  const binFlags = (v.bin as string[] | undefined) ?? (env[envName('bin')]?.split(',').filter(Boolean) ?? []);
  const config: Config = {
    ...defaults,
    port,
    host: get('host') ?? defaults.host,
    db: get('db') ?? defaults.db,
    maxBody: maxBody === undefined ? defaults.maxBody : parseSize(maxBody),
    maxRequests: int('max-requests', defaults.maxRequests, 1),
    ttl: ttl === undefined ? defaults.ttl : parseDuration(ttl),
    autoCreate: noAuto === true ? false : auto ?? defaults.autoCreate,
    bins: binFlags.map(parseBinPreset),
    pusherKey: get('pusher-key') ?? null,
    pusherSecret: get('pusher-secret') ?? null,
    relayKey: get('relay-key') ?? null,
    relaySecret: get('relay-secret') ?? null,
    token: get('token') ?? null,
    publicUrl: get('public-url')?.replace(/\/+$/, '') ?? null,
    sync,
    maxBins: int('max-bins', defaults.maxBins, 1),
    maxDbSize: maxDbSize === undefined ? null : parseSize(maxDbSize),
    maxImport: maxImport === undefined ? defaults.maxImport : parseSize(maxImport),
    open: flagBool('open') ?? false,
  };
  if ((config.pusherKey === null) !== (config.pusherSecret === null)) {
    throw new ConfigError('--pusher-key and --pusher-secret go together');
  }
  return { config, help: v.help === true, version: v.version === true, positionals: parsed.positionals };
}

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** "NAME" or "NAME:KEY:SECRET" (the secret may itself contain ':'). */
export function parseBinPreset(text: string): BinPreset {
  const [name, key, ...rest] = text.split(':');
  if (!NAME_RE.test(name)) throw new ConfigError(`--bin "${text}": name must match [a-z0-9][a-z0-9_-]{0,62}`);
  if (key === undefined) return { name };
  const secret = rest.join(':');
  if (!key || !secret) throw new ConfigError(`--bin "${text}": use NAME or NAME:KEY:SECRET`);
  return { name, key, secret };
}

export const usage = `Usage: hookscope [options]
       hookscope tail BIN [--from URL] [--json]          print a bin's requests as they arrive
       hookscope forward BIN --to URL [--from URL]       deliver a bin's requests to your app
       hookscope send --to URL --as SERVER --event SPEC  play soketi/sockudo/Pusher/ts-broadcasting against your app
       hookscope export BIN [--format har|ndjson] > FILE  a bin's requests as HAR 1.2 or NDJSON
       hookscope import FILE --bin NAME [--to URL]        load a HAR or NDJSON file into a bin
       hookscope mcp [--from URL]                        MCP server (stdio) for agents and editors

Options (each also as an env var, e.g. --max-body = HOOKSCOPE_MAX_BODY):
  --port N               port to listen on (default 8484; 0 = any free port)
  --host H               interface to bind (default 127.0.0.1)
  --db PATH|:memory:|URL SQLite database file (default .hookscope/hookscope.db), or
                         postgres://user:password@host:5432/dbname to share one PostgreSQL between nodes
  --max-body SIZE        largest body stored whole (default 10mb); larger gets 413, still recorded
  --max-requests N       requests kept per bin, oldest pruned first (default 1000)
  --ttl DURATION         remove bins untouched this long (default 7d)
  --bin NAME[:KEY:SECRET]  create a bin at start, optionally with Pusher credentials (repeatable)
  --pusher-key K --pusher-secret S   default Pusher credentials for bins that have none
  --relay-key K --relay-secret S     credentials of the Webhook Relay-compatible /v1/socket stream
  --no-auto-create       unknown bin names answer 404 instead of being created
  --token T              protect the API, viewer and live socket (capture URLs stay open)
  --public-url URL       base URL used in bin URLs (default: the Host the API was called with)
  --sync normal|full     SQLite synchronous mode (normal survives kill -9; full also power loss;
                         PostgreSQL always commits with synchronous_commit on)
  --max-bins N           most bins kept (default 10000)
  --max-db-size SIZE     prune oldest requests when the database grows past this
  --max-import SIZE      largest HAR / NDJSON file an import reads (default 100mb)
  --open                 open the viewer in a browser
  -h, --help             this text
  -v, --version          print the version
`;
