// Builders for verdicts once a digest was computed, shared by the schemes so every scheme
// words its sentences the same way.
import type { SignatureScheme, SignatureVerdict } from '../../core/wire.js';
import { matchDigest, quoteReceived, shortHex } from './digest.js';

export const UPPERCASE_WARNING =
  "Signature is upper-case hex: Pusher's Node and Ruby libraries reject it (the Go library accepts it)";

export interface DigestCheck {
  scheme: SignatureScheme;
  expected: Buffer;
  received: string;
  /** Who the secret belongs to, for sentences: "the secret for key app-key". */
  owner: string;
  key?: string;
  warnings: string[];
}

/** Only set `warnings` when there are some, so verdicts stay small in storage and on the wire. */
export function withWarnings(verdict: SignatureVerdict, warnings: string[]): SignatureVerdict {
  if (warnings.length > 0) verdict.warnings = warnings;
  return verdict;
}

export function digestVerdict(check: DigestCheck): SignatureVerdict {
  const { scheme, received, owner, key, warnings } = check;
  const expected = check.expected.toString('hex');
  const base: SignatureVerdict = { scheme, status: 'valid', expected, received };
  if (key !== undefined) base.key = key;
  switch (matchDigest(check.expected, received)) {
    case 'valid':
      base.message = `Signature matches ${owner}`;
      break;
    case 'uppercase_hex':
      base.reason = 'uppercase_hex';
      base.message = `Signature matches ${owner}, written in upper-case hex`;
      warnings.push(UPPERCASE_WARNING);
      break;
    case 'mismatch':
      base.status = 'invalid';
      base.reason = 'mismatch';
      base.message = `Body or secret differ: expected ${shortHex(expected)} got ${shortHex(received)}`;
      break;
    case 'malformed':
      base.status = 'invalid';
      base.reason = 'malformed';
      base.message = `Malformed signature ${quoteReceived(received)}: expected 64 hex characters, got ${received.length}`;
      break;
  }
  return withWarnings(base, warnings);
}
