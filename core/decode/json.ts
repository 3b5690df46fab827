// Generic fallback: any JSON document, shown as a (lazily) pretty-printed tree.
import { failure, success } from './result.js';
import type { DecodeContext, DecodeResult, Decoder } from './types.js';
import { isJsonMediaType, jsonView } from './views.js';

const ID = 'json';

function decode(ctx: DecodeContext): DecodeResult | null {
  const view = jsonView(ctx);
  if (view) return success(ID, [], view);
  if (!isJsonMediaType(ctx.mediaType)) return null;
  // Declared JSON that does not parse: say why (truncated, invalid UTF-8, too deep, empty).
  const json = ctx.json();
  return failure(ctx, ID, json.ok ? 'not a JSON document' : json.reason);
}

export const jsonDecoder: Decoder = {
  id: ID,
  describe: 'Any JSON document (declared as JSON, or an object/array), pretty-printed',
  revision: 1,
  decode,
};
