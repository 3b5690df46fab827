// Generic fallback: multipart/* (form-data uploads), as a list of parts with names and sizes.
import { parseMultipart } from './multipart-parse.js';
import { failure, success } from './result.js';
import type { DecodeContext, DecodeResult, Decoder } from './types.js';

const ID = 'multipart';

function decode(ctx: DecodeContext): DecodeResult | null {
  if (!ctx.mediaType?.startsWith('multipart/')) return null;
  const parsed = parseMultipart(ctx.body, ctx.param('boundary'));
  return parsed.ok ? success(ID, [], { kind: 'multipart', parts: parsed.parts }) : failure(ctx, ID, parsed.reason);
}

export const multipartDecoder: Decoder = {
  id: ID,
  describe: 'multipart/* parts: name, filename, content type, size, text of small textual parts',
  revision: 1,
  decode,
};
