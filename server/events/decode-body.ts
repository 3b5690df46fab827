// Decode a captured body into events, server side: undo Content-Encoding synchronously (bounded),
// then run the isomorphic decoder (core/decode). Used on the capture path, by the re-index at start
// and to rebuild full events for API pages, so all three agree on what an event index means.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { headerValue } from '../../core/raw-headers.js';
import type { DecodedEvent } from '../../core/wire.js';
import { decodeBody } from '../../core/decode/index.js';
import type { EventIndexEntry } from '../store/request-row.js';

export type BodyEvent = Omit<DecodedEvent, 'requestId'>;

export interface BodyDecoding {
  decoder: string | null;
  events: BodyEvent[];
}

export interface BodyInput {
  body: Uint8Array;
  contentType: string | null;
  rawHeaders: readonly string[];
}

const NONE: BodyDecoding = { decoder: null, events: [] };


/**
 * Largest body (after Content-Encoding) decoded on the capture path for the events index. Parsing is
 * synchronous: 1 MiB of batch JSON costs ~15 ms of event loop; a 10 MiB JSON document ~0.5 s. Pusher
 * caps a message at 10 KB, so real batches stay far below this; bigger bodies keep no index entries
 * (their events still show in the request detail, which decodes without a limit).
 */
export const INDEX_BODY_LIMIT = 1024 * 1024;

/** The limit for everything that must agree with the index (capture, rebuild, pages, waits). */
export const indexLimit = (maxBody: number): number => Math.min(maxBody, INDEX_BODY_LIMIT);

/**
 * Events of one body. Never throws: an undecodable body has no events. Compressed bodies are
 * inflated with the sync zlib API, output capped at `limit` bytes (a zip bomb stops there and
 * yields no events); the stored bytes stay compressed.
 */
export function decodeEvents(input: BodyInput, limit: number): BodyDecoding {
  if (input.body.byteLength === 0) return NONE;
  const encoding = headerValue(input.rawHeaders, 'content-encoding');
  const body = encoding ? inflate(input.body, encoding, limit) : input.body;
  // Every body up to the limit is decoded, so each summary names its decoder (json, form, text,
  // binary...); the generic decoders cost a few microseconds per KiB and build their views lazily.
  if (!body || body.byteLength > limit) return NONE;
  try {
    const result = decodeBody({ body, contentType: input.contentType, contentEncoding: null });
    if (!result.ok) return { decoder: result.decoder, events: [] };
    // The position in the array is the event's index everywhere (events.idx, cursors).
    return { decoder: result.decoder, events: result.events.map((e, index) => ({ ...e, index })) };
  } catch {
    return NONE;
  }
}

/** Events of a stored request, with its id (the request detail, event pages, waits). */
export function decodeStoredEvents(requestId: number, input: BodyInput, limit: number): DecodedEvent[] {
  return decodeEvents(input, limit).events.map((e) => ({ ...e, requestId }));
}

/** What the events table keeps of an event (exact-match filter columns). */
export function indexEntries(events: readonly BodyEvent[]): EventIndexEntry[] {
  return events.map((e) => ({ name: e.name, channel: e.channel, event: e.event, userId: e.userId }));
}

/** Content-Encoding lists codings in the order applied (RFC 9110 8.4): undo them right to left. */
function inflate(body: Uint8Array, header: string, limit: number): Uint8Array | null {
  const codings = header.toLowerCase().split(',').map((s) => s.trim()).filter((s) => s && s !== 'identity');
  let out: Uint8Array = body;
  const opts = { maxOutputLength: Math.max(1, limit) };
  try {
    for (const coding of codings.reverse()) {
      if (coding === 'gzip' || coding === 'x-gzip') out = gunzipSync(out, opts);
      else if (coding === 'br') out = brotliDecompressSync(out, opts);
      else if (coding === 'deflate') out = inflateDeflate(out, opts);
      else return null;
    }
  } catch {
    return null;
  }
  return out;
}

/** HTTP "deflate" is zlib-wrapped (RFC 9110 8.4.1.2), but some senders send raw deflate. */
function inflateDeflate(body: Uint8Array, opts: { maxOutputLength: number }): Uint8Array {
  try {
    return inflateSync(body, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
    return inflateRawSync(body, opts);
  }
}
