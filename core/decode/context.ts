// The shared, lazy per-body context: every decoder asks it for text / JSON, which are computed at
// most once per body. Creating one costs a few closures; nothing is decoded until asked.
import { headerParams } from './header-params.js';
import { parseJsonText } from './json-safe.js';
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

/**
 * The lazy per-body state. A class (methods on the prototype) rather than an object of closures:
 * one is made per captured request, so it should cost one small allocation.
 */
class BodyContext implements DecodeContext {
  readonly body: Uint8Array;
  readonly contentType: string | null;
  readonly mediaType: string | null;
  #text: TextResult | undefined;
  #json: JsonResult | undefined;
  #fallback: DecodedView | undefined;
  #first: number | undefined;
  #params: Map<string, string> | undefined;

  constructor(input: DecodeInput) {
    this.body = input.body;
    this.contentType = input.contentType;
    this.mediaType = mediaTypeOf(input.contentType);
  }

  param(name: string): string | null {
    this.#params ??= headerParams(this.contentType ?? '');
    return this.#params.get(name.toLowerCase()) ?? null;
  }

  text(): TextResult {
    if (this.#text) return this.#text;
    try {
      this.#text = { ok: true, text: strictUtf8().decode(this.body) };
    } catch {
      this.#text = { ok: false, reason: 'invalid UTF-8' };
    }
    return this.#text;
  }

  json(): JsonResult {
    this.#json ??= this.#parse();
    return this.#json;
  }

  #parse(): JsonResult {
    const b = this.#firstByte();
    if (b < 0) return { ok: false, reason: 'empty body' };
    if (!canStartJson(b)) return { ok: false, reason: 'not JSON' };
    const t = this.text();
    return t.ok ? parseJsonText(t.text) : t;
  }

  #firstByte(): number {
    this.#first ??= firstSignificantByte(this.body);
    return this.#first;
  }

  startsWithObject(): boolean {
    return this.#firstByte() === 0x7b;
  }

  fallbackView(): DecodedView {
    this.#fallback ??= bestGenericView(this);
    return this.#fallback;
  }
}

export function createContext(input: DecodeInput): DecodeContext {
  return new BodyContext(input);
}
