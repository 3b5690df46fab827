// Loop guard for forwarding: a bin forwarding to its own capture URL (or two hookscopes forwarding to
// each other) would re-capture and re-send forever. Each forwarded copy carries a hop count; a request
// that already went through MAX_HOPS forwards is stored but not sent on. Signatures cover the body only
// (formats.md 1.2, 4.2), so one added header does not break them.
import { setHeader } from '../replay/resign.js';
import type { OutboundRequest } from '../replay/outbound.js';

export const HOP_HEADER = 'X-Hookscope-Forwarded';
export const MAX_HOPS = 3;

export function hopsOf(rawHeaders: readonly string[]): number {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'x-hookscope-forwarded') {
      const n = Number(rawHeaders[i + 1]);
      return Number.isInteger(n) && n >= 0 ? n : MAX_HOPS;
    }
  }
  return 0;
}

/** The request with its hop count raised, or null when it has been forwarded too often. */
export function nextHop(req: OutboundRequest): OutboundRequest | null {
  const hops = hopsOf(req.rawHeaders);
  if (hops >= MAX_HOPS) return null;
  return { ...req, rawHeaders: setHeader(req.rawHeaders, HOP_HEADER, String(hops + 1)) };
}
