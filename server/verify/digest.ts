// HMAC-SHA256 and constant-time comparison shared by every scheme (formats.md 0: all of them
// sign with HMAC-SHA256, secret as UTF-8 key, lower-case hex output).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over the concatenation of `parts`, without concatenating them. */
export function hmacSha256(secret: string, ...parts: (Uint8Array | string)[]): Buffer {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** How a received signature compares with the digest hookscope computed. */
export type DigestMatch = 'valid' | 'uppercase_hex' | 'mismatch' | 'malformed';

const HEX64 = /^[0-9a-fA-F]{64}$/;
const UPPER_HEX = /[A-F]/;

/**
 * Compare in constant time over the decoded 32 bytes (node:crypto timingSafeEqual).
 * Upper-case hex that matches is reported apart: Pusher's Node and Ruby libraries compare the
 * hex strings and reject it, the Go library decodes first and accepts it (formats.md 1.3, 6.3).
 */
export function matchDigest(expected: Buffer, received: string): DigestMatch {
  if (!HEX64.test(received)) return 'malformed';
  const equal = timingSafeEqual(expected, Buffer.from(received, 'hex'));
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
