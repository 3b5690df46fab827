// hookscope NDJSON: one JSON object per line, one captured request each, holding everything needed to
// restore it exactly (headers as the flat arrival-order list, body as UTF-8 text or base64, size,
// truncation, received time in ms, remote address, the answer and retry attempt). `signature` and
// `events` are there for readers (jq, scripts); an import derives them again.
import type { DecodedEvent } from '../../core/wire.js';
import type { StoredRequest } from '../store/index.js';
import { encodeBody } from '../store/request-row.js';
import { type ArchivedRequest, headerList, isObject, optionalInt, type ParsedArchive, responseRecord, type Skipped } from './archive.js';

/** Marks a line as hookscope's, and its version. */
export const NDJSON_MARK = 'hookscope.request/1';

export function ndjsonLine(stored: StoredRequest, events: DecodedEvent[]): string {
  const s = stored.summary;
  const body = encodeBody(stored.body);
  return JSON.stringify({
    format: NDJSON_MARK,
    id: s.id,
    bin: s.bin,
    receivedAt: s.receivedAt,
    method: s.method,
    path: s.path,
    query: s.query,
    rawHeaders: stored.rawHeaders,
    body: body.body,
    bodyEncoding: body.bodyEncoding,
    size: s.size,
    truncated: s.truncated,
    remoteAddress: s.remoteAddress,
    contentType: s.contentType,
    response: s.response,
    ...(s.attempt !== undefined && { attempt: s.attempt }),
    ...(s.retryOf !== undefined && { retryOf: s.retryOf }),
    signature: s.signature,
    decoder: s.decoder,
    events,
  }) + '\n';
}

function readLine(v: unknown): ArchivedRequest | string {
  if (!isObject(v)) return 'not a JSON object';
  if (v.format !== NDJSON_MARK) return `not a hookscope request (format is not "${NDJSON_MARK}")`;
  if (typeof v.method !== 'string' || !/^[A-Za-z]{1,20}$/.test(v.method)) return 'method is missing or not an HTTP method';
  if (typeof v.path !== 'string' || !v.path.startsWith('/')) return 'path is missing or does not start with /';
  if (typeof v.query !== 'string') return 'query is missing';
  const receivedAt = optionalInt(v.receivedAt);
  if (receivedAt === undefined) return 'receivedAt is not epoch milliseconds';
  if (!Array.isArray(v.rawHeaders) || v.rawHeaders.length % 2 !== 0) return 'rawHeaders is not a flat [name, value, ...] list';
  const pairs: [unknown, unknown][] = [];
  for (let i = 0; i < v.rawHeaders.length; i += 2) pairs.push([v.rawHeaders[i], v.rawHeaders[i + 1]]);
  const rawHeaders = headerList(pairs);
  if (typeof rawHeaders === 'string') return rawHeaders;
  if (typeof v.body !== 'string') return 'body is not a string';
  if (v.bodyEncoding !== 'utf8' && v.bodyEncoding !== 'base64') return 'bodyEncoding is not "utf8" or "base64"';
  if (v.bodyEncoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(v.body)) return 'body is not valid base64';
  const body = new Uint8Array(Buffer.from(v.body, v.bodyEncoding));
  const truncated = v.truncated === true;
  return {
    sourceId: optionalInt(v.id, 1),
    receivedAt,
    method: v.method.toUpperCase(),
    path: v.path,
    query: v.query,
    rawHeaders,
    body,
    size: truncated ? (optionalInt(v.size) ?? body.byteLength) : body.byteLength,
    truncated,
    remoteAddress: typeof v.remoteAddress === 'string' ? v.remoteAddress : null,
    response: responseRecord(v.response),
    attempt: optionalInt(v.attempt, 1),
    retryOf: optionalInt(v.retryOf, 1),
  };
}

/**
 * The file as hookscope NDJSON, or null when its first non-empty line is not one of hookscope's
 * requests (then it is some other file). Later lines that cannot be read are skipped and counted.
 */
export function readNdjson(text: string): ParsedArchive | null {
  const requests: ArchivedRequest[] = [];
  const skipped: Skipped[] = [];
  let seenFirst = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (!seenFirst) return null;
      skipped.push({ line: i + 1, reason: 'not valid JSON' });
      continue;
    }
    if (!seenFirst && !(isObject(value) && value.format === NDJSON_MARK)) return null;
    seenFirst = true;
    const read = readLine(value);
    if (typeof read === 'string') skipped.push({ line: i + 1, reason: read });
    else requests.push(read);
  }
  return seenFirst ? { format: 'ndjson', requests, skipped } : null;
}
