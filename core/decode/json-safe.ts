// JSON parsing that never throws and refuses pathological nesting.
// V8's JSON.parse is iterative: 10 MB of `[[[[...]]]]` parses (in seconds) into a value that every
// recursive consumer (JSON.stringify, structured clone, deep equality) then overflows on. So nesting
// is checked on the text first, and JSON.parse errors (SyntaxError, RangeError) become values.
import type { JsonResult } from './types.js';

/** Deeper JSON is reported as a failure; real webhook payloads nest a handful of levels. */
export const MAX_JSON_DEPTH = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_SQUARE = 0x5b;
const OPEN_CURLY = 0x7b;
const CLOSE_SQUARE = 0x5d;
const CLOSE_CURLY = 0x7d;

/** How many `char` in `text`, counting stops past `cap`. String indexOf is native: ~15x a JS loop. */
function countUpTo(text: string, char: string, cap: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1 && n <= cap; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** True when JSON brackets in `text` nest deeper than `limit`; brackets inside strings do not count. */
export function textNestsDeeperThan(text: string, limit: number): boolean {
  // Each level needs its own opening bracket: short texts, and texts with few brackets (nearly every
  // real payload; this runs on the capture path), cannot exceed the limit.
  if (text.length <= limit) return false;
  const curly = countUpTo(text, '{', limit);
  if (curly + countUpTo(text, '[', limit - curly) <= limit) return false;
  // Could still be that many across both kinds: walk the text, skipping strings.
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

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether `text` could be a JSON text, judged by its first and last significant characters. A false
 * answer is certain; a true one still needs JSON.parse. It spares the exception JSON.parse throws for
 * a plain string (about 10 us with its message and stack: soketi passes a client's plain string data
 * through, and decoding it was most of the cost of capturing such a webhook).
 */
export function mayBeJson(text: string): boolean {
  let i = 0;
  let j = text.length - 1;
  while (i <= j && isSpace(text.charCodeAt(i))) i++;
  while (j >= i && isSpace(text.charCodeAt(j))) j--;
  if (i > j) return false;
  const first = text.charCodeAt(i);
  const last = text.charCodeAt(j);
  if (first === OPEN_CURLY) return last === CLOSE_CURLY;
  if (first === OPEN_SQUARE) return last === CLOSE_SQUARE;
  if (first === QUOTE) return last === QUOTE && j > i;
  if (first === 0x2d || isDigit(first)) return isDigit(last);
  const word = text.slice(i, j + 1);
  return word === 'true' || word === 'false' || word === 'null';
}

/** JSON.parse as a value: `{ ok: false, reason }` instead of an exception, depth-checked first. */
export function parseJsonText(text: string): JsonResult {
  if (textNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return { ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  return parseUnchecked(text);
}

/** JSON.parse as a value, for text whose nesting was already checked. */
function parseUnchecked(text: string): JsonResult {
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
