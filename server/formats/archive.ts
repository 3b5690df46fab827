// What an export carries and an import restores, whatever the file format (har.ts, ndjson.ts): the
// request as it came (method, path, query, headers in arrival order, body bytes, received time) plus
// what hookscope recorded about it (its answer, retry attempt). Signatures and events are never read
// from a file: they are derived again with the target bin's secrets (server/derive.ts).
import { headerValue } from '../../core/raw-headers.js';
import type { ResponseRecord } from '../../core/wire.js';
import type { Deriver } from '../derive.js';
import type { BinRecord, NewRequest } from '../store/index.js';

export interface ArchivedRequest {
  /** Its id where it was exported from (maps `retryOf` within one import). */
  sourceId?: number;
  receivedAt: number;
  method: string;
  /** The path as sent; a hookscope capture path `/h/<bin>/...` is moved to the target bin on import. */
  path: string;
  query: string;
  rawHeaders: string[];
  body: Uint8Array;
  /** Bytes the sender sent (more than body.length when truncated). */
  size: number;
  truncated: boolean;
  remoteAddress: string | null;
  response: ResponseRecord | null;
  attempt?: number;
  retryOf?: number;
}

/** An entry of a file that could not be read: skipped, and said so. */
export interface Skipped {
  /** NDJSON: 1-based line number. */
  line?: number;
  /** HAR: 0-based index in log.entries. */
  entry?: number;
  reason: string;
}

export interface ParsedArchive {
  format: 'har' | 'ndjson';
  requests: ArchivedRequest[];
  skipped: Skipped[];
}

/** The file is neither HAR nor hookscope NDJSON. */
export class UnsupportedImportError extends Error {}

const CAPTURE_PATH = /^\/h\/[^/?#]+/;

/**
 * The path the request would have had if it had been sent to `binId`: a capture path keeps its
 * sub-path (`/h/old/hooks` -> `/h/new/hooks`); any other path (a HAR from devtools) becomes the sub-path.
 */
export function targetPath(path: string, binId: string): string {
  const prefix = `/h/${encodeURIComponent(binId)}`;
  if (CAPTURE_PATH.test(path)) return path.replace(CAPTURE_PATH, prefix);
  return path === '/' || path === '' ? prefix : prefix + (path.startsWith('/') ? path : '/' + path);
}

/** The new row: the archived request as it came, verdict and events derived with `bin`'s secrets. */
export function toNewRequest(a: ArchivedRequest, bin: BinRecord, deriver: Deriver, retryOf: number | undefined): NewRequest {
  const contentType = headerValue(a.rawHeaders, 'content-type');
  const derived = deriver.derive(bin, { rawHeaders: a.rawHeaders, body: a.body, contentType });
  return {
    binId: bin.id,
    receivedAt: a.receivedAt,
    method: a.method,
    path: targetPath(a.path, bin.id),
    query: a.query,
    rawHeaders: a.rawHeaders,
    contentType,
    size: a.size,
    truncated: a.truncated,
    remoteAddress: a.remoteAddress,
    body: a.body,
    signature: derived.signature,
    decoder: derived.decoder,
    events: derived.events,
    response: a.response,
    ...(retryOf !== undefined && { retryOf }),
    ...(a.attempt !== undefined && { attempt: a.attempt }),
    bodyHash: null,
  };
}

// --- small readers shared by the two parsers: a file is untrusted input ---

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function optionalInt(v: unknown, min = 0): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min ? v : undefined;
}

export function responseRecord(v: unknown): ResponseRecord | null {
  if (!isObject(v) || optionalInt(v.status) === undefined) return null;
  const r: ResponseRecord = { status: v.status as number };
  if (optionalInt(v.step) !== undefined) r.step = v.step as number;
  if (v.dropped === true) r.dropped = true;
  if (optionalInt(v.delayMs) !== undefined) r.delayMs = v.delayMs as number;
  if (v.passthrough === true) r.passthrough = true;
  return r;
}

/** A header list: pairs of strings; names must be valid HTTP tokens (devtools' `:authority` pseudo-headers are left out). */
export function headerList(pairs: [unknown, unknown][]): string[] | string {
  const out: string[] = [];
  for (const [name, value] of pairs) {
    if (typeof name !== 'string' || typeof value !== 'string') return 'a header name or value is not a string';
    if (name.startsWith(':')) continue;
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return `"${name.slice(0, 40)}" is not a valid header name`;
    if (/[\r\n\0]/.test(value)) return `the value of ${name} holds a line break or NUL`;
    out.push(name, value);
  }
  return out;
}
