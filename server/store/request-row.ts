// The stored shape of a captured request, and its mapping to the wire summary.
import type { RequestDetail, RequestSummary, ResponseRecord, SignatureVerdict } from '../../core/wire.js';
import type { StoredRequest } from './contract.js';

export interface EventIndexEntry {
  name: string;
  channel?: string;
  event?: string;
  userId?: string;
}

export interface NewRequest {
  binId: string;
  receivedAt: number;
  method: string;
  path: string;
  query: string;
  rawHeaders: string[];
  contentType: string | null;
  size: number;
  truncated: boolean;
  remoteAddress: string | null;
  body: Uint8Array;
  signature: SignatureVerdict;
  decoder: string | null;
  events: EventIndexEntry[];
  response: ResponseRecord | null;
  /** Retry grouping decided at capture time (server/respond/retries.ts). */
  retryOf?: number;
  attempt?: number;
  bodyHash?: string | null;
}

/**
 * A stored request as read back: its columns by position, in SUMMARY_COLUMNS order, then raw_headers
 * and body for a full row. Both engines read positionally (better-sqlite3's raw(), pg's rowMode
 * 'array'): materialising one object per row with twenty named keys cost more than the read itself.
 */
export type RequestValues = readonly unknown[];

/** Columns of a summary: everything but the body. Positions matter: summaryOf reads them in this order. */
export const SUMMARY_COLUMNS =
  'id, bin_id, received_at, method, path, query, content_type, size, truncated, remote_address, sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt';

/** Position of bin_id in a row of SUMMARY_COLUMNS. */
export const BIN_ID_COLUMN = 1;
const RAW_HEADERS_COLUMN = 18;
const BODY_COLUMN = 19;

/** A full row (SUMMARY_COLUMNS, raw_headers, body) as the stored request. */
export function storedOf(v: RequestValues): StoredRequest {
  return { summary: summaryOf(v), rawHeaders: JSON.parse(v[RAW_HEADERS_COLUMN] as string) as string[], body: v[BODY_COLUMN] as Uint8Array };
}

const UNSIGNED_JSON = JSON.stringify({ scheme: null, status: 'unsigned' });

/** JSON.stringify(verdict), without the call for the most common verdict (unsigned). Same text either way. */
export function signatureJson(v: SignatureVerdict): string {
  return v.scheme === null && v.status === 'unsigned' && Object.keys(v).length === 2 ? UNSIGNED_JSON : JSON.stringify(v);
}

/** JSON.stringify(response), built directly when it is just a status. Same text either way. */
export function responseJson(r: ResponseRecord | null): string | null {
  if (r === null) return null;
  return r.step === undefined && r.dropped === undefined && r.delayMs === undefined && Number.isInteger(r.status) && Object.keys(r).length === 1
    ? `{"status":${r.status}}`
    : JSON.stringify(r);
}

export function toSummary(id: number, r: NewRequest): RequestSummary {
  return {
    id,
    bin: r.binId,
    method: r.method,
    path: r.path,
    query: r.query,
    size: r.size,
    contentType: r.contentType,
    receivedAt: r.receivedAt,
    truncated: r.truncated,
    remoteAddress: r.remoteAddress,
    signature: r.signature,
    decoder: r.decoder,
    eventCount: r.events.length,
    eventNames: r.events.map((e) => e.name),
    response: r.response,
    ...(r.retryOf !== undefined && { retryOf: r.retryOf }),
    ...(r.attempt !== undefined && { attempt: r.attempt }),
  };
}

/** A row of SUMMARY_COLUMNS (or a full row) as the wire summary. */
export function summaryOf(v: RequestValues): RequestSummary {
  const response = v[15] as string | null;
  const retryOf = v[16] as number | null;
  const attempt = v[17] as number | null;
  return {
    id: v[0] as number,
    bin: v[1] as string,
    method: v[3] as string,
    path: v[4] as string,
    query: v[5] as string,
    size: v[7] as number,
    contentType: v[6] as string | null,
    receivedAt: v[2] as number,
    truncated: v[8] === 1,
    remoteAddress: v[9] as string | null,
    signature: JSON.parse(v[11] as string) as SignatureVerdict,
    decoder: v[12] as string | null,
    eventCount: v[13] as number,
    eventNames: JSON.parse(v[14] as string) as string[],
    response: response ? (JSON.parse(response) as ResponseRecord) : null,
    ...(retryOf != null && { retryOf }),
    ...(attempt != null && { attempt }),
  };
}

/** The request detail of the API, less its decoded events and forwarding record. */
export function requestDetail(stored: StoredRequest): Omit<RequestDetail, 'events'> {
  return { ...stored.summary, rawHeaders: stored.rawHeaders, ...encodeBody(stored.body) };
}

// ignoreBOM: a leading BOM is part of the body and must survive the round trip.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Body as UTF-8 text when it is valid UTF-8, else base64. */
export function encodeBody(body: Uint8Array): Pick<RequestDetail, 'body' | 'bodyEncoding'> {
  try {
    return { body: utf8.decode(body), bodyEncoding: 'utf8' };
  } catch {
    return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'), bodyEncoding: 'base64' };
  }
}
