// Re-signing a stored request for replay with other credentials. Pusher-protocol: X-Pusher-Signature =
// hex HMAC-SHA256 of the exact body, X-Pusher-Key = the key (formats.md 1.2). ts-broadcasting: the
// signature covers the body without its trailing "signature" member and is copied into the body and
// X-Webhook-Signature (formats.md 4.2), so the body's last member is rewritten too.
import { signPusher } from '../verify/index.js';
import { findBodySignature, tsBroadcastingDigest } from '../verify/ts-broadcasting.js';
import type { OutboundRequest } from './outbound.js';

export interface ResignWith {
  /** Pusher app key; when absent the stored X-Pusher-Key is kept. Unused by ts-broadcasting. */
  key?: string;
  secret: string;
}

export type ResignScheme = 'pusher' | 'ts-broadcasting';

const has = (raw: readonly string[], lower: string): boolean => raw.some((h, i) => i % 2 === 0 && h.toLowerCase() === lower);

/** Replaces the first header of that name in place (dropping later duplicates), or appends it. */
export function setHeader(raw: readonly string[], name: string, value: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  let done = false;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== lower) out.push(raw[i], raw[i + 1]);
    else if (!done) (out.push(raw[i], value), (done = true));
  }
  if (!done) out.push(name, value);
  return out;
}

/** Same detection order as verification (formats.md 6.2): a Pusher signature header wins. */
export function resignScheme(req: OutboundRequest): ResignScheme {
  if (has(req.rawHeaders, 'x-pusher-signature')) return 'pusher';
  const body = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
  if (has(req.rawHeaders, 'x-webhook-signature') || findBodySignature(body) !== null) return 'ts-broadcasting';
  return 'pusher';
}

function resignTsBroadcasting(req: OutboundRequest, secret: string): OutboundRequest {
  const body = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
  const sig = tsBroadcastingDigest(body, secret);
  const inBody = findBodySignature(body);
  const nextBody = inBody === null ? body : Buffer.concat([body.subarray(0, inBody.prefixEnd), Buffer.from(`,"signature":"${sig}"}`)]);
  return { ...req, body: nextBody, rawHeaders: setHeader(req.rawHeaders, 'X-Webhook-Signature', sig) };
}

export function resign(req: OutboundRequest, creds: ResignWith): { request: OutboundRequest; scheme: ResignScheme } {
  const scheme = resignScheme(req);
  if (scheme === 'ts-broadcasting') return { request: resignTsBroadcasting(req, creds.secret), scheme };
  let rawHeaders = setHeader(req.rawHeaders, 'X-Pusher-Signature', signPusher(req.body, creds.secret));
  if (creds.key !== undefined) rawHeaders = setHeader(rawHeaders, 'X-Pusher-Key', creds.key);
  return { request: { ...req, rawHeaders }, scheme };
}
