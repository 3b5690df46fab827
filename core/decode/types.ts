// Types of the isomorphic payload decoder (core/decode). Pure data: the server, the viewer and the
// test client all import these, so nothing here may depend on node:* or the DOM.
import type { DecodedEvent } from '../wire.js';

export interface DecodeInput {
  /** The raw body bytes exactly as stored. Never copied or mutated by a decoder. */
  body: Uint8Array;
  /** The request's Content-Type header (with parameters), or null. */
  contentType: string | null;
  /** The request's Content-Encoding header; null, '' and 'identity' mean not compressed. */
  contentEncoding?: string | null;
}

/** A decoded event before the server knows which stored request it belongs to. */
export type DecodedEventDraft = Omit<DecodedEvent, 'requestId'>;

export interface MultipartPart {
  name: string | null;
  filename: string | null;
  contentType: string | null;
  /** Size of the part's content in bytes. */
  size: number;
  /** The content as text when it is small, textual and valid UTF-8; otherwise null. */
  text: string | null;
}

/**
 * How to show a body. `json.pretty` is a lazy, memoised getter (JSON.stringify with 2-space
 * indent, computed on first read), so the capture hot path never pays for pretty-printing.
 */
export type DecodedView =
  | { kind: 'events' }
  | { kind: 'json'; value: unknown; readonly pretty: string }
  | { kind: 'form'; fields: [string, string][] }
  | { kind: 'multipart'; parts: MultipartPart[] }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; hex: string; size: number };

export type DecodeSuccess = {
  ok: true;
  decoder: string;
  events: DecodedEventDraft[];
  view: DecodedView;
  warnings?: string[];
};

export type DecodeFailure = {
  ok: false;
  /** The decoder that recognised the payload but could not decode it, or null (e.g. compressed). */
  decoder: string | null;
  reason: string;
  /** The best generic view of the same bytes, so the request can still be shown. */
  view: DecodedView;
};

export type DecodeResult = DecodeSuccess | DecodeFailure;

export type TextResult = { ok: true; text: string } | { ok: false; reason: string };
export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Shared per-body state handed to every decoder. Text and JSON are computed lazily and at most
 * once per body, however many decoders ask.
 */
export interface DecodeContext {
  readonly body: Uint8Array;
  /** The raw Content-Type header value. */
  readonly contentType: string | null;
  /** The media type, lower-cased, without parameters (`application/json`), or null. */
  readonly mediaType: string | null;
  /** A Content-Type parameter (`boundary`, `charset`), unquoted, or null. */
  param(name: string): string | null;
  /** The body as UTF-8 (TextDecoder with fatal: true), memoised. */
  text(): TextResult;
  /** The body parsed as JSON, memoised; never throws. */
  json(): JsonResult;
  /** True when the first non-whitespace byte is `{` (cheap pre-check for the event decoders). */
  startsWithObject(): boolean;
  /** The best generic view (json, form, multipart, text, binary), memoised. */
  fallbackView(): DecodedView;
}

export interface Decoder {
  /** Stable id stored with each request: 'pusher-batch', 'json', ... */
  id: string;
  /** One line for people: what this decoder recognises. */
  describe: string;
  /** Bump when this decoder's output changes, so DECODER_VERSION changes and indexes are rebuilt. */
  revision: number;
  /** A result when the payload is this decoder's format (ok or not), null when it is not. */
  decode(ctx: DecodeContext): DecodeResult | null;
}

export type Inflate = (encoding: string, body: Uint8Array) => Promise<Uint8Array> | Uint8Array;

export interface EventFilter {
  name?: string;
  channel?: string;
  event?: string;
  userId?: string;
}
