// Verify + decode cost per request (in this process) against the capture cost per request measured
// by the ingest phase (1 / hookscope req/s): how much of a capture the two CPU-bound steps take.
import { performance } from 'node:perf_hooks';
import { decodeBody } from '../../core/decode/index.js';
import { verifyRequest } from '../../server/verify/index.js';
import { KEY, pusherBatch, SECRET, signedHeaders } from '../lib/payload.js';
import { round } from '../lib/stats.js';

export interface MicroResult {
  bodyBytes: number;
  events: number;
  verifyUs: number;
  decodeUs: number;
  captureUs: number;
  /** (verify + decode) / capture cost per request. */
  ratio: number;
}

function perCallUs(fn: () => unknown, minMs = 1000): number {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < minMs) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
  }
  return ((performance.now() - t) * 1000) / n;
}

export function microPhase(ingestRps: number): MicroResult {
  const text = pusherBatch(1);
  const body = Buffer.from(text);
  const rawHeaders = Object.entries(signedHeaders(text)).flat();
  const creds = { pusher: [{ key: KEY, secret: SECRET }], secret: null };
  const verdict = verifyRequest({ rawHeaders, body }, creds);
  if (verdict.status !== 'valid') throw new Error('bench payload does not verify: ' + JSON.stringify(verdict));
  const decoded = decodeBody({ body, contentType: 'application/json' });
  const verifyUs = perCallUs(() => verifyRequest({ rawHeaders, body }, creds));
  const decodeUs = perCallUs(() => decodeBody({ body, contentType: 'application/json' }));
  const captureUs = 1e6 / ingestRps;
  return {
    bodyBytes: body.length,
    events: decoded.ok ? decoded.events.length : 0,
    verifyUs: round(verifyUs, 2),
    decodeUs: round(decodeUs, 2),
    captureUs: round(captureUs, 1),
    ratio: round((verifyUs + decodeUs) / captureUs),
  };
}
