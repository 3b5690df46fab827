// Shapes of the API's inputs.
import { z } from 'zod';
import { parseDuration } from '../config.js';
import { BIN_NAME_RE } from '../ids.js';
import { named } from './components.js';
import { intParam } from './validate.js';

const credential = z.object({ key: z.string().min(1).max(200), secret: z.string().min(1).max(500) }).strict();

// RFC 9110 5.1 / 5.5: a field name is a token; a field value is visible ASCII, obs-text (0x80-0xFF), SP
// and HTAB, so no CR, LF, NUL or other control character (the same set node:http refuses to send). A value
// with CR/LF would split the answer (header injection); checked when set, so a capture is never answered
// with something other than what was recorded.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const fieldValue = (max: number) =>
  z.string().max(max).regex(FIELD_VALUE, 'must not contain CR, LF, NUL or other control characters (RFC 9110 field value)');

const headers = z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name (RFC 9110 token)'), fieldValue(8192));

const step = z
  .object({
    status: z.number().int().min(100).max(599).optional(),
    headers: headers.optional(),
    body: z.string().max(1024 * 1024).optional(),
    contentType: fieldValue(200).optional(),
    delayMs: z.number().int().min(0).max(30_000).optional(),
    times: z.number().int().min(1).max(10_000).optional(),
    drop: z.boolean().optional(),
  })
  .strict();

export const responseSettings = named(
  'ResponseSettings',
  'How the bin answers captured requests: `script` steps first, in order, then the plain settings (server/respond/README.md).',
  step
    .omit({ times: true })
    .extend({ script: z.array(named('ResponseStep', 'One scripted answer.', step)).max(100).optional() })
    .strict(),
);

const ttl = z.union([z.number().int().min(1000), z.string().transform((s, ctx) => {
  try {
    return parseDuration(s);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
})]);

/**
 * mode 'async' (default): sent on after the sender was answered (server/forward/forwarder.ts);
 * 'passthrough': relayed first and the sender gets the app's answer (server/forward/passthrough.ts).
 */
const forward = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    mode: z.enum(['async', 'passthrough']).optional(),
    timeoutMs: z.number().int().min(1).max(120_000).optional(),
  })
  .strict();

export const binCreate = named('BinOptions', 'A bin\'s settings, when creating or changing it.', z
  .object({
    name: z.string().regex(BIN_NAME_RE, 'name must match [a-z0-9][a-z0-9_-]{0,62}').optional(),
    maxRequests: z.number().int().min(1).max(10_000_000).optional(),
    ttl: ttl.optional(),
    pusher: z.array(credential).max(50).optional(),
    secret: z.string().min(1).max(500).nullable().optional(),
    response: responseSettings.nullable().optional(),
    forward: forward.nullable().optional(),
  })
  .strict());

export const binPatch = binCreate;

export const requestListQuery = z.object({
  after: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  before: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: intParam(1, 1000).default(100),
  method: z.string().regex(/^[A-Za-z]{1,20}$/).optional(),
  signature: z.enum(['valid', 'invalid', 'unsigned', 'no_secret']).optional(),
  name: z.string().max(200).optional(),
  channel: z.string().max(500).optional(),
  event: z.string().max(200).optional(),
  userId: z.string().max(500).optional(),
  q: z.string().min(1).max(500).optional(),
});

export const requestIdParam = intParam(1, Number.MAX_SAFE_INTEGER);

/**
 * GET /api/bins/:bin/requests/:id: `events=false` leaves out the server-decoded events, `body=false`
 * the body (read the exact bytes from /raw). The viewer asks for neither: it decodes the bytes itself,
 * and for an 8 MB batch the full answer is ~26 MB of JSON that takes the server ~350 ms to build.
 */
const flag = z.enum(['true', 'false']).optional().transform((v) => v !== 'false');
export const requestDetailQuery = z.object({ events: flag, body: flag });

/** POST /api/bins/:bin/requests/:id/replay (server/api/replay-routes.ts). */
export const replayRequest = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    resign: z.object({ key: z.string().min(1).max(200).optional(), secret: z.string().min(1).max(500) }).strict().optional(),
  })
  .strict();

/** Path parameters of the API by name: the document describes `{bin}` and `{id}` with these. */
export const pathParams = {
  bin: z.string().min(1).describe('the bin id (a named bin\'s id is its name)'),
  id: requestIdParam.describe('the request id'),
  channel: z.string().min(1).describe('a channel name, exact (percent-encoded in the path)'),
};
