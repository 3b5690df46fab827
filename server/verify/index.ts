// Front door of signature verification. The server calls verifyRequest for every captured
// request (on the capture path) and again when a secret is supplied later: verdicts are derived
// from the stored raw bytes and can always be recomputed (design.md).
import type { SignatureVerdict } from '../../core/wire.js';
import { findHeader } from './headers.js';
import { pusherScheme } from './pusher.js';
import type { SchemeRequest, SignatureSchemeImpl, VerifyCredentials, VerifyInput } from './scheme.js';
import { tsBroadcastingScheme } from './ts-broadcasting.js';

export type { SchemeRequest, SignatureSchemeImpl, VerifyCredentials, VerifyInput } from './scheme.js';
export { signPusher } from './pusher.js';

/**
 * Every known scheme, in detection order: the first whose detect() accepts the request verifies
 * it (formats.md 6.2: a Pusher signature header wins). A new scheme = one file + one line here.
 */
export const schemes: readonly SignatureSchemeImpl[] = [pusherScheme, tsBroadcastingScheme];

/** Zero-copy Buffer view over the stored bytes. */
function bufferView(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function contentTypeWarning(scheme: SignatureSchemeImpl, req: SchemeRequest): string | undefined {
  if (scheme.contentType === undefined) return undefined;
  const { exact, why } = scheme.contentType;
  const value = findHeader(req.rawHeaders, 'content-type').value;
  if (value === exact) return undefined;
  const seen = value === undefined ? 'No Content-Type header' : `Content-Type is ${JSON.stringify(value)}`;
  return `${seen}, not exactly ${exact}: ${why}`;
}

export function verifyRequest(input: VerifyInput, creds: VerifyCredentials): SignatureVerdict {
  const req: SchemeRequest = { rawHeaders: input.rawHeaders, body: bufferView(input.body) };
  for (const scheme of schemes) {
    if (!scheme.detect(req)) continue;
    const verdict = scheme.verify(req, creds);
    const warning = contentTypeWarning(scheme, req);
    if (warning !== undefined) verdict.warnings = [...(verdict.warnings ?? []), warning];
    return verdict;
  }
  return { scheme: null, status: 'unsigned' };
}
