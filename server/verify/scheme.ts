// The contract every signature scheme implements. A scheme is one file plus one line in the
// registry array (index.ts); the contract test (test/verify-contract.test.ts) runs every
// registered scheme against its fixtures.
import type { SignatureScheme, SignatureVerdict } from '../../core/wire.js';

/** Secrets a bin (merged with server-wide defaults by the caller) offers for verification. */
export interface VerifyCredentials {
  /** Pusher-protocol tokens; the `X-Pusher-Key` header selects one (key rotation). */
  pusher: { key: string; secret: string }[];
  /** The ts-broadcasting secret (also the generic secret for key-less schemes). */
  secret: string | null;
}

/** A stored request as captured: the raw truth, never a re-serialization (formats.md 6.1). */
export interface VerifyInput {
  /** node's flat [name, value, name, value, ...] in arrival order, original case. */
  rawHeaders: readonly string[];
  body: Uint8Array;
}

/** What a scheme sees: the input plus a zero-copy Buffer view over the body. */
export interface SchemeRequest {
  rawHeaders: readonly string[];
  body: Buffer;
}

export interface SignatureSchemeImpl {
  id: SignatureScheme;
  /** Lower-case name of the header carrying the signature. */
  signatureHeader: string;
  /** Lower-case name of the header that selects the secret, or null when the scheme has none. */
  keyHeader: string | null;
  /**
   * The exact Content-Type the scheme's reference receivers demand and why; anything else gets
   * a warning (formats.md 6.4). Undefined: no demand.
   */
  contentType?: { exact: string; why: string };
  /** True when this request carries this scheme's signature (or an attempt at one). */
  detect(req: SchemeRequest): boolean;
  verify(req: SchemeRequest, creds: VerifyCredentials): SignatureVerdict;
  /** The lower-case hex digest a sender using `secret` would have sent for this exact body. */
  expectedDigest(body: Uint8Array, secret: string): string;
}
