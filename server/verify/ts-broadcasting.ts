// ts-broadcasting webhooks (stacksjs/ts-broadcasting): HMAC-SHA256 of the body WITHOUT its
// trailing "signature" member, sent in `X-Webhook-Signature` and copied into the body
// (formats.md 4.1, 4.2). Verified from the raw bytes: signed = body up to `,"signature":"` + "}".
import type { SignatureVerdict } from '../../core/wire.js';
import { hmacSha256, matchDigest, shortHex } from './digest.js';
import { findHeader, hasHeader } from './headers.js';
import type { SchemeRequest, SignatureSchemeImpl, VerifyCredentials } from './scheme.js';
import { digestVerdict, withWarnings } from './verdicts.js';

const SIGNATURE = 'x-webhook-signature';
const MEMBER = Buffer.from(',"signature":"');
const ENVELOPE_START = Buffer.from('{"event":');
/** Longest trailing value still read as a (possibly malformed) signature; bounds the search. */
const MAX_VALUE = 256;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;

export interface BodySignature {
  /** Offset of `,"signature":"`: the signed message is body[0, prefixEnd) + "}". */
  prefixEnd: number;
  value: string;
}

/** The trailing `,"signature":"<value>"}` member of the body, or null (formats.md 4.2). */
export function findBodySignature(body: Buffer): BodySignature | null {
  const end = body.length - 2;
  if (end < MEMBER.length || body[end] !== QUOTE || body[end + 1] !== CLOSE_BRACE) return null;
  const from = Math.max(0, end - MEMBER.length - MAX_VALUE);
  const at = body.subarray(from, end).lastIndexOf(MEMBER);
  if (at < 0) return null;
  const prefixEnd = from + at;
  const valueStart = prefixEnd + MEMBER.length;
  // A quote inside means the final string belongs to another member.
  if (body.subarray(valueStart, end).includes(QUOTE)) return null;
  return { prefixEnd, value: body.toString('utf8', valueStart, end) };
}

function digestFor(body: Buffer, inBody: BodySignature | null, secret: string): Buffer {
  return inBody === null ? hmacSha256(secret, body) : hmacSha256(secret, body.subarray(0, inBody.prefixEnd), '}');
}

export function tsBroadcastingDigest(body: Uint8Array, secret: string): string {
  const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return digestFor(view, findBodySignature(view), secret).toString('hex');
}

/** Warnings about where the signature was found; the header wins when both are present. */
function placementWarnings(headerCount: number, header: string, bodySig: string, expected: Buffer | null): string[] {
  const warnings: string[] = [];
  if (headerCount > 1) warnings.push(`${headerCount} X-Webhook-Signature headers: verified the first`);
  if (header === '') {
    warnings.push(`${headerCount === 0 ? 'No' : 'Empty'} X-Webhook-Signature header: verified the signature inside the body`);
  } else if (bodySig === '') {
    warnings.push('The body has no "signature" member although ts-broadcasting always copies it there: verified the header over the whole body');
  } else if (header.toLowerCase() !== bodySig.toLowerCase()) {
    const bodyMatches = expected !== null && ['valid', 'uppercase_hex'].includes(matchDigest(expected, bodySig));
    const tail = expected === null ? '' : bodyMatches ? ' (the body signature matches)' : ' (the body signature does not match either)';
    warnings.push(`X-Webhook-Signature ${shortHex(header)} and the body's "signature" ${shortHex(bodySig)} disagree: verified the header${tail}`);
  }
  return warnings;
}

function verifyTsBroadcasting(req: SchemeRequest, creds: VerifyCredentials): SignatureVerdict {
  const hit = findHeader(req.rawHeaders, SIGNATURE);
  const inBody = findBodySignature(req.body);
  const header = hit.value ?? '';
  const bodySig = inBody?.value ?? '';
  if (header === '' && bodySig === '') {
    const message = 'Unsigned: empty X-Webhook-Signature and no signature in the body (the sender has no secret configured)';
    const warnings = hit.count > 1 ? [`${hit.count} X-Webhook-Signature headers: used the first`] : [];
    return withWarnings({ scheme: 'ts-broadcasting', status: 'unsigned', reason: 'missing_signature', message }, warnings);
  }
  const received = header !== '' ? header : bodySig;
  const secret = creds.secret ?? '';
  if (secret === '') {
    const message = 'No ts-broadcasting secret configured for this bin: add the secret to verify';
    const warnings = placementWarnings(hit.count, header, bodySig, null);
    return withWarnings({ scheme: 'ts-broadcasting', status: 'no_secret', received, message }, warnings);
  }
  const expected = digestFor(req.body, inBody, secret);
  return digestVerdict({
    scheme: 'ts-broadcasting', expected, received, owner: "the bin's ts-broadcasting secret",
    warnings: placementWarnings(hit.count, header, bodySig, expected),
  });
}

function startsWithEnvelope(body: Buffer): boolean {
  return body.length > ENVELOPE_START.length && body.subarray(0, ENVELOPE_START.length).equals(ENVELOPE_START);
}

export const tsBroadcastingScheme: SignatureSchemeImpl = {
  id: 'ts-broadcasting',
  signatureHeader: SIGNATURE,
  keyHeader: null,
  detect: (req) =>
    hasHeader(req.rawHeaders, SIGNATURE) || (startsWithEnvelope(req.body) && findBodySignature(req.body) !== null),
  verify: verifyTsBroadcasting,
  expectedDigest: tsBroadcastingDigest,
};
