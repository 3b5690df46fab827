// What the soak phase sends: one capture of each kind a user points at hookscope, in turn. Bodies
// differ per call (real webhooks do; identical ones would be grouped as retries of one).
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pusherBatch, signedHeaders, soketiClientEvent } from './payload.js';

export const TSB_SECRET = 'soak-tsb-secret';

export interface Capture {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

function tsBroadcasting(seq: number): { body: string; signature: string } {
  const unsigned = JSON.stringify({ event: 'subscribe', data: { channel: `private-${seq % 20}`, socketId: `${seq}.1` }, timestamp: seq });
  const signature = createHmac('sha256', TSB_SECRET).update(unsigned).digest('hex');
  return { body: `${unsigned.slice(0, -1)},"signature":"${signature}"}`, signature };
}

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));

/** The n-th capture of the mix (every kind once per 12 calls). */
export function capture(n: number): Capture {
  const seq = n;
  switch (n % 12) {
    case 0:
    case 1: {
      const body = pusherBatch(seq);
      return { kind: 'pusher', method: 'POST', path: '/h/soak-pusher', headers: signedHeaders(body), body: Buffer.from(body) };
    }
    case 2:
      return { kind: 'soketi', method: 'POST', path: '/h/soak-soketi', headers: { 'Content-Type': 'application/json' }, body: Buffer.from(soketiClientEvent().replace('"1.2"', `"${seq}.2"`)) };
    case 3: {
      const t = tsBroadcasting(seq);
      return { kind: 'ts-broadcasting', method: 'POST', path: '/h/soak-tsb', headers: { 'Content-Type': 'application/json', 'X-Webhook-Signature': t.signature }, body: Buffer.from(t.body) };
    }
    case 4:
      return { kind: 'json', method: 'POST', path: `/h/soak-json/orders/${seq % 7}?attempt=1`, headers: { 'Content-Type': 'application/json' }, body: json({ id: seq, items: Array.from({ length: 5 }, (_, i) => ({ sku: `s-${i}`, qty: i })) }) };
    case 5:
      return { kind: 'form', method: 'POST', path: '/h/soak-json/form', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: Buffer.from(new URLSearchParams({ id: String(seq), note: 'x'.repeat(200) }).toString()) };
    case 6: {
      const b = `soak${seq}`;
      const body = `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${seq}\r\n--${b}\r\nContent-Disposition: form-data; name="f"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'z'.repeat(300)}\r\n--${b}--\r\n`;
      return { kind: 'multipart', method: 'POST', path: '/h/soak-json/upload', headers: { 'Content-Type': `multipart/form-data; boundary=${b}` }, body: Buffer.from(body) };
    }
    case 7:
      return { kind: 'binary', method: 'PUT', path: '/h/soak-json/blob', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 31 + seq) & 0xff)) };
    case 8:
      return { kind: 'gzip', method: 'POST', path: '/h/soak-json/gz', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipSync(json({ seq, text: 'y'.repeat(800) })) };
    case 9:
      return { kind: 'large', method: 'POST', path: '/h/soak-capped/large', headers: { 'Content-Type': 'application/json' }, body: json({ seq, blob: 'L'.repeat(48 * 1024) }) };
    case 10:
      return { kind: 'status-503', method: 'POST', path: '/h/soak-capped/status/503', headers: { 'Content-Type': 'application/json' }, body: json({ seq }) };
    default:
      return { kind: 'capped', method: n % 24 === 11 ? 'GET' : 'DELETE', path: `/h/soak-capped/any?seq=${seq}`, headers: {}, body: Buffer.alloc(0) };
  }
}

/** Answers each kind may get: the status-503 path answers 503 by design. */
export const expectedStatus = (kind: string): number => (kind === 'status-503' ? 503 : 200);
