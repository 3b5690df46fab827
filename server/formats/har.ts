// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): one entry per captured request, written
// entry by entry (export-stream.ts), and read back from hookscope's own files, browser devtools and
// other webhook tools. Headers keep arrival order, case and duplicates; a body that is not UTF-8 is
// base64 in postData.text with `encoding: "base64"` (HAR's convention for content, applied to postData
// as devtools do); what only hookscope knows goes under `_hookscope`.
import type { DecodedEvent, ResponseRecord } from '../../core/wire.js';
import type { StoredRequest } from '../store/index.js';
import { encodeBody } from '../store/request-row.js';
import { type ArchivedRequest, headerList, isObject, optionalInt, type ParsedArchive, responseRecord, type Skipped } from './archive.js';

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 404: 'Not Found', 408: 'Request Timeout', 410: 'Gone', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** The text before the first entry: `{"log":{...,"entries":[`. */
export function harHead(version: string): string {
  return `{"log":{"version":"1.2","creator":{"name":"hookscope","version":${JSON.stringify(version)}},"pages":[],"entries":[`;
}

export const HAR_TAIL = '\n]}}\n';

function cookies(rawHeaders: readonly string[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() !== 'cookie') continue;
    for (const part of rawHeaders[i + 1].split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) out.push({ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
    }
  }
  return out;
}

function queryString(query: string): { name: string; value: string }[] {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const [name, value] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const decode = (t: string) => {
      try {
        return decodeURIComponent(t.replace(/\+/g, ' '));
      } catch {
        return t;
      }
    };
    return { name: decode(name), value: decode(value) };
  });
}

/** One HAR entry. `base` is the URL the bin was reached at (the request's `url` is base + path + query). */
export function harEntry(stored: StoredRequest, events: DecodedEvent[], base: string): Record<string, unknown> {
  const s = stored.summary;
  const headers = [];
  for (let i = 0; i + 1 < stored.rawHeaders.length; i += 2) headers.push({ name: stored.rawHeaders[i], value: stored.rawHeaders[i + 1] });
  const body = encodeBody(stored.body);
  const response: ResponseRecord | null = s.response;
  const status = response && !response.dropped ? response.status : 0;
  return {
    startedDateTime: new Date(s.receivedAt).toISOString(),
    time: response?.delayMs ?? 0,
    request: {
      method: s.method,
      url: base + s.path + (s.query ? '?' + s.query : ''),
      httpVersion: 'HTTP/1.1',
      cookies: cookies(stored.rawHeaders),
      headers,
      queryString: queryString(s.query),
      ...(stored.body.byteLength > 0 && {
        postData: { mimeType: s.contentType ?? '', text: body.body, ...(body.bodyEncoding === 'base64' && { encoding: 'base64' }) },
      }),
      headersSize: -1,
      bodySize: s.size,
    },
    // hookscope keeps the status it answered, not the answer's headers or body.
    response: {
      status,
      statusText: STATUS_TEXT[status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: -1, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: response?.delayMs ?? 0, receive: 0 },
    _hookscope: {
      id: s.id,
      bin: s.bin,
      signature: s.signature,
      decoder: s.decoder,
      events,
      response,
      ...(s.attempt !== undefined && { attempt: s.attempt }),
      ...(s.retryOf !== undefined && { retryOf: s.retryOf }),
      remoteAddress: s.remoteAddress,
      size: s.size,
      truncated: s.truncated,
    },
  };
}

/** `scheme://host[:port]/path?query#frag` -> the raw path and query, exactly as written (no URL normalisation). */
function splitUrl(url: string): { path: string; query: string } | null {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/i.exec(url) ?? /^(\/[^?#]*)(?:\?([^#]*))?/.exec(url);
  return m ? { path: m[1] === '' ? '/' : m[1], query: m[2] ?? '' } : null;
}

function bodyOf(postData: unknown): Uint8Array | string {
  if (postData === undefined) return new Uint8Array(0);
  if (!isObject(postData)) return 'postData is not an object';
  if (postData.text === undefined) return new Uint8Array(0); // `params` only: nothing exact to restore
  if (typeof postData.text !== 'string') return 'postData.text is not a string';
  if (postData.encoding === 'base64') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(postData.text.replace(/\s+/g, ''))) return 'postData.text is not valid base64';
    return new Uint8Array(Buffer.from(postData.text, 'base64'));
  }
  if (postData.encoding !== undefined) return `postData.encoding "${String(postData.encoding).slice(0, 20)}" is not supported`;
  return new Uint8Array(Buffer.from(postData.text, 'utf8'));
}

function readEntry(e: unknown): ArchivedRequest | string {
  if (!isObject(e) || !isObject(e.request)) return 'no request object';
  const req = e.request;
  if (typeof req.method !== 'string' || !/^[A-Za-z]{1,20}$/.test(req.method)) return 'request.method is missing or not an HTTP method';
  if (typeof req.url !== 'string') return 'request.url is missing';
  const where = splitUrl(req.url);
  if (!where) return `request.url "${req.url.slice(0, 80)}" is not an absolute URL`;
  const receivedAt = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  if (!Number.isFinite(receivedAt)) return 'startedDateTime is missing or not a date';
  if (!Array.isArray(req.headers)) return 'request.headers is not a list';
  const rawHeaders = headerList(req.headers.map((h): [unknown, unknown] => (isObject(h) ? [h.name, h.value] : [undefined, undefined])));
  if (typeof rawHeaders === 'string') return rawHeaders;
  const body = bodyOf(req.postData);
  if (typeof body === 'string') return body;
  const own = isObject(e._hookscope) ? e._hookscope : undefined;
  const truncated = own?.truncated === true;
  return {
    sourceId: optionalInt(own?.id, 1),
    receivedAt,
    method: req.method.toUpperCase(),
    path: where.path,
    query: where.query,
    rawHeaders,
    body,
    size: truncated ? (optionalInt(own?.size) ?? body.byteLength) : body.byteLength,
    truncated,
    remoteAddress: typeof own?.remoteAddress === 'string' ? own.remoteAddress : null,
    // Another tool's HAR holds what the real server answered, not what a bin answered: left empty.
    response: own ? responseRecord(own.response) : null,
    attempt: optionalInt(own?.attempt, 1),
    retryOf: optionalInt(own?.retryOf, 1),
  };
}

/** A parsed JSON document that is a HAR (`{ log: { entries: [...] } }`), or null when it is not one. */
export function readHar(doc: unknown): ParsedArchive | null {
  if (!isObject(doc) || !isObject(doc.log) || !Array.isArray(doc.log.entries)) return null;
  const requests: ArchivedRequest[] = [];
  const skipped: Skipped[] = [];
  doc.log.entries.forEach((e: unknown, entry: number) => {
    const read = readEntry(e);
    if (typeof read === 'string') skipped.push({ entry, reason: read });
    else requests.push(read);
  });
  return { format: 'har', requests, skipped };
}
