// Shapes of the API's answers, as zod schemas: the source of the response schemas in
// GET /api/openapi.json. Each is checked at compile time against its TypeScript type in core/wire.ts,
// and test/openapi.test.ts validates real answers of a running server against the document.
import { z } from 'zod';
import type {
  Bin,
  DecodedEvent,
  ForwardRecord,
  RequestDetail,
  RequestSummary,
  ResponseRecord,
  SignatureVerdict,
} from '../../core/wire.js';
import { named } from './components.js';
import { responseSettings } from './schemas.js';


const int = z.number().int();
const epochMs = int.describe('epoch milliseconds');

export const errorSchema = named(
  'Error',
  'The one error shape of the API: a snake_case code and a sentence.',
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
);

export const signatureVerdict = named(
  'SignatureVerdict',
  'What the signature check concluded, and why.',
  z.object({
    scheme: z.enum(['pusher', 'ts-broadcasting']).nullable(),
    status: z.enum(['valid', 'invalid', 'unsigned', 'no_secret']),
    key: z.string().optional(),
    reason: z.enum(['unknown_key', 'mismatch', 'malformed', 'uppercase_hex', 'missing_key', 'missing_signature']).optional(),
    warnings: z.array(z.string()).optional(),
    expected: z.string().optional().describe('lowercase hex digest hookscope computed'),
    received: z.string().optional().describe('the digest the sender sent'),
    message: z.string().optional(),
  }),
);

export const responseRecord = named(
  'ResponseRecord',
  'What the bin answered to a captured request.',
  z.object({
    status: int,
    step: int.optional(),
    dropped: z.boolean().optional(),
    delayMs: int.optional(),
    passthrough: z.literal(true).optional().describe('relayed to the bin\'s passthrough URL: status is what the sender got (0 while waiting)'),
  }),
);

export const requestSummary = named(
  'RequestSummary',
  'A captured request without its headers and body.',
  z.object({
    id: int,
    bin: z.string(),
    method: z.string(),
    path: z.string(),
    query: z.string(),
    size: int,
    contentType: z.string().nullable(),
    receivedAt: epochMs,
    truncated: z.boolean(),
    remoteAddress: z.string().nullable(),
    signature: signatureVerdict,
    decoder: z.string().nullable(),
    eventCount: int,
    eventNames: z.array(z.string()),
    response: responseRecord.nullable(),
    retryOf: int.optional().describe('id of the first request of its retry group'),
    attempt: int.optional().describe('1 for an original, 2, 3, ... for retries of the same body'),
  }),
);

export const decodedEvent = named(
  'DecodedEvent',
  'One decoded webhook event inside a request.',
  z.object({
    requestId: int,
    index: int,
    name: z.string(),
    channel: z.string().optional(),
    event: z.string().optional(),
    userId: z.string().optional(),
    socketId: z.string().optional(),
    data: z.unknown().optional(),
    time: z.number().optional(),
    raw: z.unknown(),
  }),
);

export const deliveryRecord = named(
  'Delivery',
  'What forwarding did with a request.',
  z.object({
    url: z.string(),
    mode: z.literal('passthrough').optional().describe('relayed before the sender was answered; absent: sent on after the answer'),
    status: int.nullable(),
    durationMs: z.number().nullable(),
    error: z.string().nullable(),
    at: epochMs,
    response: z.object({ rawHeaders: z.array(z.string()), body: z.string(), bodyEncoding: z.enum(['utf8', 'base64']) }).optional().describe('passthrough: the app\'s answer as it came'),
  }),
);

/** A captured request in full (GET .../requests/:id answers it, `body` and `events` optional there: requests-routes.ts). */
export const requestDetail = requestSummary.extend({
    rawHeaders: z.array(z.string()).describe('flat [name, value, ...] in arrival order, original case, duplicates kept'),
    body: z.string(),
    bodyEncoding: z.enum(['utf8', 'base64']),
    events: z.array(decodedEvent),
    forwarded: deliveryRecord.nullable(),
  });

export const binSchema = named(
  'Bin',
  'A bin: where senders post, its settings (secrets masked) and counters.',
  z.object({
    id: z.string(),
    name: z.string().nullable(),
    url: z.string(),
    viewerUrl: z.string(),
    createdAt: epochMs,
    lastActivityAt: epochMs,
    requestCount: int,
    maxRequests: int,
    ttl: int.describe('milliseconds'),
    pusher: z.array(z.object({ key: z.string(), secret: z.string() })),
    secret: z.string().nullable(),
    response: responseSettings.nullable(),
    forward: z.object({ url: z.string(), mode: z.enum(['async', 'passthrough']).optional(), timeoutMs: int.optional() }).nullable(),
  }),
);

export const eventWithRequest = named(
  'CapturedEvent',
  'A decoded event and the summary of the request that carried it.',
  decodedEvent.extend({ request: requestSummary }),
);

export const nearMiss = named(
  'NearMiss',
  'An arrival that did not match a wait, with the fields that differed.',
  z.object({
    event: decodedEvent.nullable(),
    request: requestSummary,
    matched: z.array(z.string()),
    differs: z.array(z.string()),
    details: z.array(z.object({ field: z.string(), expected: z.string(), actual: z.string().nullable() })),
  }),
);

// Compile-time: the schemas describe exactly the wire types.
// Same keys too: an optional field one side lacks would otherwise pass both assignability checks.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
export const wireTypesMatch: [
  Same<z.output<typeof signatureVerdict>, SignatureVerdict>,
  Same<z.output<typeof responseRecord>, ResponseRecord>,
  Same<z.output<typeof deliveryRecord>, ForwardRecord>,
  Same<z.output<typeof requestSummary>, RequestSummary>,
  Same<z.output<typeof decodedEvent>, DecodedEvent>,
  Same<Omit<z.output<typeof requestDetail>, 'forwarded'>, Omit<RequestDetail, 'forwarded'>>,
  Same<Pick<z.output<typeof binSchema>, keyof Bin>, Bin>,
] = [true, true, true, true, true, true, true];
