// The front door: raw body -> decoder result. decodeBody is synchronous and runs on the server's
// capture hot path; decodeBodyAsync first undoes Content-Encoding, for display.
import { createContext } from './context.js';
import { contentCodings, InflateLimitError, undoCoding } from './inflate.js';
import { decoders } from './registry.js';
import type { DecodeFailure, DecodeInput, DecodeResult, Inflate } from './types.js';
import { binaryView } from './views.js';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Decodes an identity-encoded body. A compressed body (any Content-Encoding other than identity)
 * is `{ ok: false, decoder: null, reason: 'compressed' }` with a binary view: use decodeBodyAsync.
 * Never throws.
 */
export function decodeBody(input: DecodeInput): DecodeResult {
  if (contentCodings(input.contentEncoding).length > 0) {
    return { ok: false, decoder: null, reason: 'compressed', view: binaryView(input.body) };
  }
  const ctx = createContext(input);
  for (const decoder of decoders) {
    try {
      const result = decoder.decode(ctx);
      if (result) return result;
    } catch (error) {
      // A decoder bug must not take the capture path down: report it as this decoder's failure.
      return { ok: false, decoder: decoder.id, reason: `decoder error: ${messageOf(error)}`, view: binaryView(input.body) };
    }
  }
  return { ok: false, decoder: null, reason: 'no decoder matched', view: ctx.fallbackView() };
}

function undecodable(input: DecodeInput, reason: string): DecodeFailure {
  return { ok: false, decoder: null, reason, view: binaryView(input.body) };
}

/**
 * Undoes Content-Encoding (last applied first), then decodeBody. `inflate` lets the server pass
 * node:zlib (gzip, deflate, br); without it gzip and deflate use DecompressionStream. Never rejects.
 */
export async function decodeBodyAsync(input: DecodeInput, inflate?: Inflate): Promise<DecodeResult> {
  const codings = contentCodings(input.contentEncoding);
  if (codings.length === 0) return decodeBody(input);
  let body = input.body;
  for (const coding of [...codings].reverse()) {
    try {
      const undone = await undoCoding(coding, body, inflate);
      if (undone === null) return undecodable(input, `compressed: unsupported content-encoding ${coding}`);
      body = undone;
    } catch (error) {
      // The platform's own inflate message (node:zlib "incorrect header check", Chromium "The compressed
      // data was not valid: ...") would make the same bytes decode differently in Node and the browser.
      const why = error instanceof InflateLimitError ? error.message : `not valid ${coding} data, or truncated`;
      return undecodable(input, `compressed: cannot decode content-encoding ${coding}: ${why}`);
    }
  }
  const result = decodeBody({ body, contentType: input.contentType, contentEncoding: null });
  if (!result.ok) return result;
  const note = `decoded Content-Encoding ${codings.join(', ')} (${input.body.length} -> ${body.length} bytes)`;
  return { ...result, warnings: [...(result.warnings ?? []), note] };
}
