// Pusher-protocol webhooks (Pusher Channels, soketi, sockudo, pusher-fake, poxa): HMAC-SHA256 of
// the raw body with the secret the `X-Pusher-Key` header selects (formats.md 1.2, 6.2).
// No JSON parsing here: this runs on the capture path for every request.
import type { SignatureVerdict } from '../../core/wire.js';
import { hmacSha256, matchDigest } from './digest.js';
import { findHeader, hasHeader } from './headers.js';
import type { SchemeRequest, SignatureSchemeImpl, VerifyCredentials } from './scheme.js';
import { digestVerdict, withWarnings } from './verdicts.js';

const SIGNATURE = 'x-pusher-signature';
const KEY = 'x-pusher-key';

type Token = { key: string; secret: string };

/** Lower-case hex HMAC-SHA256 of the body, as every Pusher-protocol server sends it. */
export function signPusher(body: Uint8Array | string, secret: string): string {
  return hmacSha256(secret, body).toString('hex');
}

/** A key whose secret produced `received` over this body: explains a wrong or missing key. */
function keyThatSigned(body: Buffer, received: string, tokens: readonly Token[]): string | undefined {
  for (const token of tokens) {
    const match = matchDigest(hmacSha256(token.secret, body), received);
    if (match === 'valid' || match === 'uppercase_hex') return token.key;
  }
  return undefined;
}

function signedByHint(body: Buffer, received: string, tokens: readonly Token[]): string {
  const signer = keyThatSigned(body, received, tokens);
  return signer === undefined ? '' : ` (the signature matches the secret for key ${signer})`;
}

function listKeys(tokens: readonly Token[]): string {
  const keys = [...new Set(tokens.map((t) => t.key))];
  return keys.length > 3 ? `${keys.slice(0, 3).join(', ')}, …` : keys.join(', ');
}

function duplicateWarnings(sigCount: number, keyCount: number): string[] {
  const warnings: string[] = [];
  if (sigCount > 1) {
    warnings.push(`${sigCount} X-Pusher-Signature headers: verified the first (sockudo appends a custom one after its own)`);
  }
  if (keyCount > 1) warnings.push(`${keyCount} X-Pusher-Key headers: used the first`);
  return warnings;
}

function verifyPusher(req: SchemeRequest, creds: VerifyCredentials): SignatureVerdict {
  const sig = findHeader(req.rawHeaders, SIGNATURE);
  const keyHit = findHeader(req.rawHeaders, KEY);
  const warnings = duplicateWarnings(sig.count, keyHit.count);
  // An empty key header selects nothing, exactly like an absent one.
  const key = keyHit.value === undefined || keyHit.value === '' ? undefined : keyHit.value;
  const received = sig.value ?? '';
  if (received === '') {
    const verdict: SignatureVerdict = { scheme: 'pusher', status: 'unsigned', reason: 'missing_signature' };
    if (key !== undefined) verdict.key = key;
    verdict.message = sig.count > 0
      ? 'Empty X-Pusher-Signature header: the request is unsigned'
      : 'X-Pusher-Key sent without X-Pusher-Signature: the request is unsigned';
    return withWarnings(verdict, warnings);
  }
  if (creds.pusher.length === 0) {
    const verdict: SignatureVerdict = { scheme: 'pusher', status: 'no_secret', received };
    if (key !== undefined) verdict.key = key;
    verdict.message = 'No secret configured for this bin: add the app key and secret to verify';
    return withWarnings(verdict, warnings);
  }
  if (key === undefined) {
    const hint = signedByHint(req.body, received, creds.pusher);
    const message = `Signature present but no X-Pusher-Key header: Pusher's libraries need it to choose the secret${hint}`;
    return withWarnings({ scheme: 'pusher', status: 'invalid', reason: 'missing_key', received, message }, warnings);
  }
  return verifyWithKey(req.body, key, received, creds.pusher, warnings);
}

function verifyWithKey(body: Buffer, key: string, received: string, tokens: readonly Token[], warnings: string[]): SignatureVerdict {
  // Several tokens may share a key; pusher-node tries each of them (formats.md 1.3, isValid).
  // Report the one that matches, else the first one with this key.
  let expected: Buffer | undefined;
  for (const token of tokens) {
    if (token.key !== key) continue;
    const digest = hmacSha256(token.secret, body);
    expected ??= digest;
    const match = matchDigest(digest, received);
    if (match === 'valid' || match === 'uppercase_hex') {
      expected = digest;
      break;
    }
  }
  if (expected === undefined) {
    const hint = signedByHint(body, received, tokens);
    const message = `X-Pusher-Key ${JSON.stringify(key)} names no configured key (configured: ${listKeys(tokens)})${hint}`;
    return withWarnings({ scheme: 'pusher', status: 'invalid', reason: 'unknown_key', key, received, message }, warnings);
  }
  return digestVerdict({ scheme: 'pusher', expected, received, owner: `the secret for key ${key}`, key, warnings });
}

export const pusherScheme: SignatureSchemeImpl = {
  id: 'pusher',
  signatureHeader: SIGNATURE,
  keyHeader: KEY,
  contentType: {
    exact: 'application/json',
    why: 'the official pusher Node library silently treats anything else as invalid',
  },
  // A key header alone still marks a Pusher sender whose signature went missing.
  detect: (req) => hasHeader(req.rawHeaders, SIGNATURE) || hasHeader(req.rawHeaders, KEY),
  verify: verifyPusher,
  expectedDigest: signPusher,
};
