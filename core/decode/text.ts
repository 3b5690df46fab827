// Generic fallback: any valid UTF-8 body without NUL bytes, as text.
import { success } from './result.js';
import type { DecodeContext, DecodeResult, Decoder } from './types.js';
import { textView } from './views.js';

const ID = 'text';

function decode(ctx: DecodeContext): DecodeResult | null {
  const view = textView(ctx);
  return view ? success(ID, [], view) : null;
}

export const textDecoder: Decoder = {
  id: ID,
  describe: 'Valid UTF-8 text (no NUL bytes)',
  revision: 1,
  decode,
};
