// The shared, lazy per-body context: every decoder asks it for text / JSON, which are computed at
// most once per body. Creating one costs a few closures; nothing is decoded until asked.
import { headerParams } from './header-params.js';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseUnchecked } from './json-safe.js';
import type { DecodeContext, DecodedView, DecodeInput, JsonResult, TextResult } from './types.js';
import { bestGenericView } from './views.js';

let utf8: TextDecoder | undefined;

/** One strict UTF-8 decoder, made on first use (no work at import time). */
function strictUtf8(): TextDecoder {
  utf8 ??= new TextDecoder('utf-8', { fatal: true });
  return utf8;
}

/** The first byte that is not JSON whitespace (after a UTF-8 BOM, which TextDecoder strips), or -1. */
export function firstSignificantByte(bytes: Uint8Array): number {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  }
  return -1;
}

/** Bytes a JSON text can start with: { [ " - 0-9 t f n. */
function canStartJson(b: number): boolean {
  return b === 0x7b || b === 0x5b || b === 0x22 || b === 0x2d || (b >= 0x30 && b <= 0x39)
    || b === 0x74 || b === 0x66 || b === 0x6e;
}

export function mediaTypeOf(contentType: string | null): string | null {
  if (!contentType) return null;
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === '' ? null : type;
}

export function createContext(input: DecodeInput): DecodeContext {
  const { body, contentType } = input;
  let text: TextResult | undefined;
  let json: JsonResult | undefined;
  let fallback: DecodedView | undefined;
  let first: number | undefined;
  let params: Map<string, string> | undefined;
  const firstByte = () => (first ??= firstSignificantByte(body));

  const ctx: DecodeContext = {
    body,
    contentType,
    mediaType: mediaTypeOf(contentType),
    param: (name) => (params ??= headerParams(contentType ?? '')).get(name.toLowerCase()) ?? null,
    text() {
      if (text) return text;
      try {
        text = { ok: true, text: strictUtf8().decode(body) };
      } catch {
        text = { ok: false, reason: 'invalid UTF-8' };
      }
      return text;
    },
    json() {
      if (json) return json;
      const b = firstByte();
      if (b < 0) return (json = { ok: false, reason: 'empty body' });
      if (!canStartJson(b)) return (json = { ok: false, reason: 'not JSON' });
      if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
        return (json = { ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
      }
      const t = ctx.text();
      json = t.ok ? parseUnchecked(t.text) : t;
      return json;
    },
    startsWithObject: () => firstByte() === 0x7b,
    fallbackView: () => (fallback ??= bestGenericView(ctx)),
  };
  return ctx;
}
