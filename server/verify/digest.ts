// HMAC-SHA256 and constant-time comparison shared by every scheme (formats.md 0: all of them
// sign with HMAC-SHA256, secret as UTF-8 key, lower-case hex output).
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

// Building the HMAC key from a string is a quarter of the cost of verifying a 1 KiB body; a bin's
// secret is the same on every request, so keep its KeyObject. Bounded: cleared when full.
const KEY_CACHE_LIMIT = 1024;
const keyCache = new Map<string, KeyObject>();

function hmacKey(secret: string): KeyObject {
  let key = keyCache.get(secret);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keyCache.set(secret, key);
  }
  return key;
}

/** HMAC-SHA256 over the concatenation of `parts`, without concatenating them. */
export function hmacSha256(secret: string, ...parts: (Uint8Array | string)[]): Buffer {
  const hmac = createHmac('sha256', hmacKey(secret));
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** How a received signature compares with the digest hookscope computed. */
export type DigestMatch = 'valid' | 'uppercase_hex' | 'mismatch' | 'malformed';

const UPPER_HEX = /[A-F]/;

/**
 * Compare in constant time over the decoded 32 bytes (node:crypto timingSafeEqual).
 * Upper-case hex that matches is reported apart: Pusher's Node and Ruby libraries compare the
 * hex strings and reject it, the Go library decodes first and accepts it (formats.md 1.3, 6.3).
 */
export function matchDigest(expected: Buffer, received: string): DigestMatch {
  if (received.length !== 64) return 'malformed';
  // Buffer.from stops at the first non-hex pair, so 32 bytes out means 64 hex digits in.
  const bytes = Buffer.from(received, 'hex');
  if (bytes.length !== 32) return 'malformed';
  const equal = timingSafeEqual(expected, bytes);
  if (!equal) return 'mismatch';
  return UPPER_HEX.test(received) ? 'uppercase_hex' : 'valid';
}

/** Abbreviation for sentences: the first 8 characters and an ellipsis. */
export function shortHex(hex: string): string {
  return hex.length > 8 ? `${hex.slice(0, 8)}…` : hex;
}

/** A received value shown safely in a sentence (it came from the sender: cap its length). */
export function quoteReceived(value: string): string {
  return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
}
