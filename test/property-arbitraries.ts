// fast-check arbitraries shared by the property suites: bodies that look like what senders send (Pusher
// batches, sockudo and ts-broadcasting envelopes, JSON, forms, multipart) and plain random bytes, with
// content types from the plausible to the absurd.
import fc from 'fast-check';

const enc = new TextEncoder();
/** 64 hex digits, the shape of an HMAC-SHA256 signature (either case). */
export const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 64, maxLength: 64 });
const bytes = (s: string): Uint8Array => enc.encode(s);

/** A value that may stand where a field is expected: right type, wrong type, missing. */
const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.json().map((j) => JSON.parse(j) as unknown));

const pusherEvent = fc.record(
  {
    name: fc.oneof(fc.constantFrom('channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss', 'subscription_count'), anyValue),
    channel: fc.oneof(fc.string(), anyValue),
    user_id: anyValue,
    event: anyValue,
    data: fc.oneof(fc.json(), anyValue),
    socket_id: anyValue,
    time_ms: anyValue,
  },
  { requiredKeys: [] },
);

const pusherBatch = fc.record({ time_ms: fc.oneof(fc.integer(), fc.double(), anyValue), events: fc.oneof(fc.array(pusherEvent, { maxLength: 12 }), anyValue) }, { requiredKeys: [] });

const tsEnvelope = fc.record({ event: fc.oneof(fc.constantFrom('connection', 'subscribe', 'disconnection'), anyValue), data: anyValue, timestamp: anyValue, signature: fc.oneof(hex64, fc.string()) }, { requiredKeys: [] });

const jsonBody = fc.oneof(pusherBatch, tsEnvelope, fc.json().map((j) => JSON.parse(j) as unknown)).map((v) => bytes(JSON.stringify(v)));

const formBody = fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 8 }).map((pairs) => bytes(new URLSearchParams(pairs).toString()));

const boundary = fc.stringMatching(/^[A-Za-z0-9'()+_,-./:=?]{1,40}$/);
const multipartBody = fc.tuple(boundary, fc.array(fc.tuple(fc.string(), fc.string(), fc.oneof(fc.constant(''), fc.string())), { maxLength: 4 }), fc.boolean()).map(([b, parts, closed]) => ({
  boundary: b,
  body: bytes(parts.map(([name, value, type]) => `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n${value}\r\n`).join('') + (closed ? `--${b}--\r\n` : '')),
}));

const contentType = fc.oneof(
  fc.constantFrom(null, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'APPLICATION/JSON', 'text/html; charset=latin1', ''),
  fc.string(),
);

export interface BodyCase {
  body: Uint8Array;
  contentType: string | null;
  contentEncoding?: string | null;
}

/** Any body a sender could send, with a content type that may or may not fit it. */
export const bodyCase: fc.Arbitrary<BodyCase> = fc.oneof(
  fc.record({ body: jsonBody, contentType }),
  fc.record({ body: formBody, contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8') }),
  multipartBody.map(({ boundary: b, body }) => ({ body, contentType: `multipart/form-data; boundary=${b}` })),
  fc.record({ body: fc.uint8Array({ maxLength: 600 }), contentType }),
  fc.record({ body: fc.string({ unit: 'grapheme', maxLength: 300 }).map(bytes), contentType }),
  fc.record({ body: fc.uint8Array({ maxLength: 200 }), contentType, contentEncoding: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-custom, gzip', '') }),
);

/** Raw header lists as node gives them: [name, value, ...], with the signature headers likely. */
export const rawHeaders = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('X-Pusher-Signature', 'x-pusher-key', 'X-Pusher-Key', 'X-Webhook-Signature', 'Content-Type', 'content-type'), fc.string({ minLength: 1, maxLength: 20 })),
      fc.oneof(hex64, fc.string({ maxLength: 80 })),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.flat());
