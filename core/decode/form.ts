// Generic fallback: application/x-www-form-urlencoded, as an ordered field list (duplicates kept).
import { failure, success } from './result.js';
import type { DecodeContext, DecodeResult, Decoder } from './types.js';
import { formView } from './views.js';

const ID = 'form';

function decode(ctx: DecodeContext): DecodeResult | null {
  if (ctx.mediaType !== 'application/x-www-form-urlencoded') return null;
  const view = formView(ctx);
  return view ? success(ID, [], view) : failure(ctx, ID, 'invalid UTF-8');
}

export const formDecoder: Decoder = {
  id: ID,
  describe: 'application/x-www-form-urlencoded fields, in order',
  revision: 1,
  decode,
};
