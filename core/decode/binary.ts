// Last resort: anything else, as a hex preview of the first bytes plus the full size.
import { success } from './result.js';
import type { DecodeContext, DecodeResult, Decoder } from './types.js';
import { binaryView } from './views.js';

const ID = 'binary';

function decode(ctx: DecodeContext): DecodeResult {
  return success(ID, [], binaryView(ctx.body));
}

export const binaryDecoder: Decoder = {
  id: ID,
  describe: 'Any bytes: hex preview of the first 1024 bytes and the size',
  revision: 1,
  decode,
};
