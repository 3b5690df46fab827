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

export interface RequestRow {
  id: number;
  bin_id: string;
  received_at: number;
  method: string;
  path: string;
  query: string;
  raw_headers: string;
  content_type: string | null;
  size: number;
  truncated: number;
  remote_address: string | null;
  body?: Buffer;
  sig_status: string;
  signature: string;
  decoder: string | null;
  event_count: number;
  event_names: string;
  response: string | null;
  retry_of?: number | null;
  attempt?: number | null;
}

/** A row with everything: summary columns, headers and body. */
export type FullRow = RequestRow & { raw_headers: string; body: Uint8Array };

export function toStored(row: FullRow): StoredRequest {
  return { summary: rowToSummary(row), rawHeaders: JSON.parse(row.raw_headers) as string[], body: row.body };
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

/** Columns of a summary: everything but the body. */
export const SUMMARY_COLUMNS =
  'id, bin_id, received_at, method, path, query, content_type, size, truncated, remote_address, sig_status, signature, decoder, event_count, event_names, response, retry_of, attempt';

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

export function rowToSummary(row: RequestRow): RequestSummary {
  return {
    id: row.id,
    bin: row.bin_id,
    method: row.method,
    path: row.path,
    query: row.query,
    size: row.size,
    contentType: row.content_type,
    receivedAt: row.received_at,
    truncated: row.truncated === 1,
    remoteAddress: row.remote_address,
    signature: JSON.parse(row.signature) as SignatureVerdict,
    decoder: row.decoder,
    eventCount: row.event_count,
    eventNames: JSON.parse(row.event_names) as string[],
    response: row.response ? (JSON.parse(row.response) as ResponseRecord) : null,
    ...(row.retry_of != null && { retryOf: row.retry_of }),
    ...(row.attempt != null && { attempt: row.attempt }),
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
