// JSON parsing that never throws and refuses pathological nesting.
// V8's JSON.parse is iterative: 10 MB of `[[[[...]]]]` parses (in seconds) into a value that every
// recursive consumer (JSON.stringify, structured clone, deep equality) then overflows on. So nesting
// is checked on the bytes first, and JSON.parse errors (SyntaxError, RangeError) become values.
import type { JsonResult } from './types.js';

/** Deeper JSON is reported as a failure; real webhook payloads nest a handful of levels. */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_SQUARE = 0x5b;
const OPEN_CURLY = 0x7b;
const CLOSE_SQUARE = 0x5d;
const CLOSE_CURLY = 0x7d;

// Two copies of one small loop (bytes and string) rather than one with a per-character callback:
// this runs on the capture path for every JSON body longer than the limit.

/** True when JSON brackets in these UTF-8 bytes nest deeper than `limit`; strings do not count. */
export function nestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  // Each level needs its own opening byte, so short inputs cannot exceed the limit.
  if (bytes.length <= limit) return false;
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      for (i++; i < bytes.length && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
    } else if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
      depth--;
    }
  }
  return false;
}

/** The same scan over a string's UTF-16 code units. */
export function textNestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
    } else if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
      depth--;
    }
  }
  return false;
}

/** JSON.parse as a value: `{ ok: false, reason }` instead of an exception, depth-checked first. */
export function parseJsonText(text: string): JsonResult {
  if (textNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return { ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  return parseUnchecked(text);
}

/** JSON.parse as a value, for text whose nesting was already checked. */
export function parseUnchecked(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `invalid JSON: ${message}` };
  }
}

/**
 * Two-space pretty JSON for the viewer. Exported separately (and used lazily by the json view's
 * `pretty` getter) so the capture path never pays for it.
 */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `(cannot pretty-print: ${message})`;
  }
}
