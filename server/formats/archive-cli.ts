// `hookscope export BIN [--format har|ndjson] [--from URL] > FILE` and
// `hookscope import FILE --bin NAME [--to URL]`: a bin's requests to a file and back, through the API
// of a running hookscope (GET /api/bins/:bin/export streams; POST /api/bins/:bin/import).
import { createReadStream, statSync } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';

const DEFAULT_URL = 'http://127.0.0.1:8484';

export interface ExportCliOptions {
  bin: string;
  format: 'har' | 'ndjson';
  from: string;
  token: string | null;
  after?: number;
  before?: number;
}

export interface ImportCliOptions {
  file: string;
  bin: string;
  to: string;
  token: string | null;
}

export const exportUsage = `Usage: hookscope export BIN [--format har|ndjson] [--from URL] [--token T] [--after ID] [--before ID] > FILE
  Writes the bin's requests, oldest first, to stdout: a HAR 1.2 file (default) or NDJSON, one request per line.
  --format F    har (browser devtools and other tools read it) or ndjson (restores each request exactly)
  --from URL    the hookscope to read (default ${DEFAULT_URL}, env HOOKSCOPE_FROM)
  --token T     its --token, if it has one (env HOOKSCOPE_TOKEN)
  --after ID, --before ID   only requests with ids in that range
`;

export const importUsage = `Usage: hookscope import FILE --bin NAME [--to URL] [--token T]
  Stores the requests of a HAR or NDJSON file (detected) in bin NAME, with their verdicts and events
  derived from that bin's secrets; prints what was imported and what was skipped.
  --bin NAME    the bin to import into (created when it does not exist and auto-create is on)
  --to URL      the hookscope to import into (default ${DEFAULT_URL}, env HOOKSCOPE_FROM)
  --token T     its --token, if it has one (env HOOKSCOPE_TOKEN)
`;

type Env = Readonly<Record<string, string | undefined>>;

function parse(argv: readonly string[], options: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

function serverUrl(value: string | undefined, env: Env, flag: string): string {
  const url = (value ?? env.HOOKSCOPE_FROM ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/./.test(url)) throw new ConfigError(`--${flag} "${url}" must be an http or https URL`);
  return url;
}

function id(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new ConfigError(`--${flag} must be a request id (integer >= 0)`);
  return n;
}

export function parseExportArgs(argv: readonly string[], env: Env): ExportCliOptions {
  const p = parse(argv, { format: { type: 'string' }, from: { type: 'string' }, token: { type: 'string' }, after: { type: 'string' }, before: { type: 'string' } });
  const [bin, ...extra] = p.positionals;
  if (!bin || extra.length > 0) throw new ConfigError('export needs exactly one BIN');
  const format = p.values.format ?? 'har';
  if (format !== 'har' && format !== 'ndjson') throw new ConfigError(`--format must be "har" or "ndjson", got "${format}"`);
  return { bin, format, from: serverUrl(p.values.from, env, 'from'), token: p.values.token ?? env.HOOKSCOPE_TOKEN ?? null, after: id(p.values.after, 'after'), before: id(p.values.before, 'before') };
}

export function parseImportArgs(argv: readonly string[], env: Env): ImportCliOptions {
  const p = parse(argv, { bin: { type: 'string' }, to: { type: 'string' }, token: { type: 'string' } });
  const [file, ...extra] = p.positionals;
  if (!file || extra.length > 0) throw new ConfigError('import needs exactly one FILE');
  if (!p.values.bin) throw new ConfigError('import needs --bin NAME');
  return { file, bin: p.values.bin, to: serverUrl(p.values.to, env, 'to'), token: p.values.token ?? env.HOOKSCOPE_TOKEN ?? null };
}

const headers = (token: string | null): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

async function call(url: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new Error(`could not reach ${new URL(url).origin}: ${cause}`);
  }
  if (res.ok) return res;
  const text = await res.text();
  let message = `${res.status} ${text.slice(0, 200)}`;
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (body.error?.code) message = `${body.error.code}: ${body.error.message ?? ''}`;
  } catch {
    // not the API's error shape: keep the text
  }
  throw new Error(message);
}

/** Streams the export to `out` (stdout), with backpressure. */
export async function runExport(o: ExportCliOptions, out: Writable, signal: AbortSignal): Promise<void> {
  const q = new URLSearchParams({ format: o.format });
  if (o.after !== undefined) q.set('after', String(o.after));
  if (o.before !== undefined) q.set('before', String(o.before));
  const res = await call(`${o.from}/api/bins/${encodeURIComponent(o.bin)}/export?${q}`, { headers: headers(o.token), signal });
  if (!res.body) return;
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), out, { end: false });
}

interface ImportAnswer {
  format: string;
  imported: number;
  firstId: number | null;
  lastId: number | null;
  skipped: { line?: number; entry?: number; reason: string }[];
  skippedCount: number;
}

/** Uploads the file (streamed) and prints one line per outcome. */
export async function runImport(o: ImportCliOptions, print: (line: string) => void, signal: AbortSignal): Promise<void> {
  let size: number;
  try {
    size = statSync(o.file).size;
  } catch (err) {
    throw new Error(`cannot read ${o.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const body = Readable.toWeb(createReadStream(o.file)) as unknown as ReadableStream<Uint8Array>;
  const res = await call(`${o.to}/api/bins/${encodeURIComponent(o.bin)}/import`, {
    method: 'POST',
    headers: { ...headers(o.token), 'Content-Length': String(size) },
    body,
    duplex: 'half',
    signal,
  });
  const a = (await res.json()) as ImportAnswer;
  const range = a.firstId === null ? '' : a.firstId === a.lastId ? ` (#${a.firstId})` : ` (#${a.firstId}-#${a.lastId})`;
  print(`imported ${a.imported} request${a.imported === 1 ? '' : 's'} from ${a.format.toUpperCase()} into bin ${o.bin}${range}`);
  if (a.skippedCount > 0) {
    print(`skipped ${a.skippedCount}:`);
    for (const s of a.skipped) print(`  ${s.line !== undefined ? `line ${s.line}` : `entry ${s.entry}`}: ${s.reason}`);
    if (a.skippedCount > a.skipped.length) print(`  and ${a.skippedCount - a.skipped.length} more`);
  }
}
