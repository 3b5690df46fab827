// The generic views of a body (json, form, multipart, text, binary). They never fail: each returns
// a view or null (not applicable), and bestGenericView always ends at the binary hex preview.
// The generic decoders wrap these; failing decoders use bestGenericView so a request is always shown.
import { prettyJson } from './json-safe.js';
import { parseMultipart } from './multipart-parse.js';
import type { DecodeContext, DecodedView } from './types.js';

/** How many leading bytes the binary view shows as hex. */
export const BINARY_PREVIEW_BYTES = 1024;

const HEX_DIGITS = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]; // 0-9 a-f
let ascii: TextDecoder | undefined;

/** Lower-case hex, two digits per byte, no separators. Built as ASCII bytes, decoded once. */
export function toHex(bytes: Uint8Array, max = bytes.length): string {
  const n = Math.min(max, bytes.length);
  const out = new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = HEX_DIGITS[bytes[i] >> 4];
    out[2 * i + 1] = HEX_DIGITS[bytes[i] & 15];
  }
  ascii ??= new TextDecoder();
  return ascii.decode(out);
}

/**
 * A json view whose `pretty` is computed on first read and memoised. A class, so the getter lives on
 * the prototype: an object literal with its own getter cost ~0.7 µs per captured JSON body.
 */
class JsonView {
  readonly kind = 'json';
  readonly value: unknown;
  #pretty: string | undefined;
  constructor(value: unknown) {
    this.value = value;
  }
  get pretty(): string {
    return (this.#pretty ??= prettyJson(this.value));
  }
  toJSON(): { kind: 'json'; value: unknown; pretty: string } {
    return { kind: this.kind, value: this.value, pretty: this.pretty };
  }
}

export function makeJsonView(value: unknown): DecodedView {
  return new JsonView(value);
}

export function isJsonMediaType(mediaType: string | null): boolean {
  return mediaType !== null && (mediaType === 'application/json' || mediaType.endsWith('+json')
    || mediaType === 'text/json');
}

/** JSON when declared as JSON, or when an undeclared body parses to an object or array (not `123`). */
export function jsonView(ctx: DecodeContext): DecodedView | null {
  const json = ctx.json();
  if (!json.ok) return null;
  const structured = typeof json.value === 'object' && json.value !== null;
  return structured || isJsonMediaType(ctx.mediaType) ? makeJsonView(json.value) : null;
}

export function formView(ctx: DecodeContext): DecodedView | null {
  if (ctx.mediaType !== 'application/x-www-form-urlencoded') return null;
  const text = ctx.text();
  if (!text.ok) return null;
  return { kind: 'form', fields: [...new URLSearchParams(text.text)] };
}

export function multipartView(ctx: DecodeContext): DecodedView | null {
  if (!ctx.mediaType?.startsWith('multipart/')) return null;
  const parsed = parseMultipart(ctx.body, ctx.param('boundary'));
  return parsed.ok ? { kind: 'multipart', parts: parsed.parts } : null;
}

/** Valid UTF-8 without NUL bytes is shown as text. */
export function textView(ctx: DecodeContext): DecodedView | null {
  if (ctx.body.indexOf(0) >= 0) return null;
  const text = ctx.text();
  return text.ok ? { kind: 'text', text: text.text } : null;
}

export function binaryView(body: Uint8Array): DecodedView {
  return { kind: 'binary', hex: toHex(body, BINARY_PREVIEW_BYTES), size: body.length };
}

export function bestGenericView(ctx: DecodeContext): DecodedView {
  return multipartView(ctx) ?? formView(ctx) ?? jsonView(ctx) ?? textView(ctx) ?? binaryView(ctx.body);
}
