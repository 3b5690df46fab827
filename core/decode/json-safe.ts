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

/** Bracket depth scan over character codes; brackets inside strings do not count. */
function scanDeeperThan(length: number, at: (i: number) => number, limit: number): boolean {
  // Each level needs its own opening byte, so short inputs cannot exceed the limit.
  if (length <= limit) return false;
  let depth = 0;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (c === QUOTE) {
      i++;
      while (i < length && at(i) !== QUOTE) i += at(i) === BACKSLASH ? 2 : 1;
    } else if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
      depth--;
    }
  }
  return false;
}

/** True when JSON brackets in these UTF-8 bytes nest deeper than `limit`. */
export function nestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  return scanDeeperThan(bytes.length, (i) => bytes[i], limit);
}

/** JSON.parse as a value: `{ ok: false, reason }` instead of an exception, depth-checked first. */
export function parseJsonText(text: string): JsonResult {
  if (scanDeeperThan(text.length, (i) => text.charCodeAt(i), MAX_JSON_DEPTH)) {
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
