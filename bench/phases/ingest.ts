// Ingest: 2xx/s hookscope captures durably (ack after COMMIT, WAL file on disk, default settings)
// over the same load against a bare node:http server that reads the body and answers 200.
// Two bodies: the headline 1 KiB generic JSON document (no events), and a ~1 KiB signed Pusher
// batch of 11 events (verify + decode + 11 rows in the events index per request).
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBareChild, startHookscopeChild } from '../lib/children.js';
import { KEY, pusherBatch, SECRET, signedHeaders } from '../lib/payload.js';
import { round } from '../lib/stats.js';

export interface IngestVariant {
  body: string;
  bodyBytes: number;
  bareRps: number;
  hookscopeRps: number;
  ratio: number;
  hookscopeP99Ms: number;
  bareP99Ms: number;
  errors: number;
}

export interface IngestResult {
  connections: number;
  seconds: number;
  /** Headline: the generic 1 KiB JSON POST. */
  ratio: number;
  hookscopeRps: number;
  bareRps: number;
  json: IngestVariant;
  pusher: IngestVariant;
}

async function load(url: string, body: string, headers: Record<string, string>, seconds: number, connections: number) {
  const r = await autocannon({ url, connections, duration: seconds, method: 'POST', headers, body, timeout: 10 });
  return { rps: r['2xx'] / r.duration, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

export async function ingestPhase(seconds = 8, connections = 50): Promise<IngestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  const bare = await startBareChild();
  const hs = await startHookscopeChild(['--db', join(dir, 'ingest.db'), '--bin', `bench:${KEY}:${SECRET}`]);
  const json = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { note: 'x'.repeat(960) } });
  const batch = pusherBatch(1);
  const variants: [string, string, Record<string, string>][] = [
    ['1 KiB JSON document', json, { 'Content-Type': 'application/json' }],
    ['signed Pusher batch, 11 events', batch, signedHeaders(batch)],
  ];
  try {
    // Warm both (JIT, page cache, WAL) before measuring.
    await load(`${bare.url}/`, json, variants[0][2], 2, connections);
    await load(`${hs.url}/h/bench`, json, variants[0][2], 2, connections);
    const out: IngestVariant[] = [];
    for (const [name, body, headers] of variants) {
      // Bare and hookscope back to back per body, so both see the same machine state.
      const b = await load(`${bare.url}/`, body, headers, seconds, connections);
      const h = await load(`${hs.url}/h/bench`, body, headers, seconds, connections);
      out.push({
        body: name, bodyBytes: Buffer.byteLength(body), bareRps: Math.round(b.rps), hookscopeRps: Math.round(h.rps),
        ratio: round(h.rps / b.rps), hookscopeP99Ms: h.p99, bareP99Ms: b.p99, errors: h.errors,
      });
    }
    return { connections, seconds, ratio: out[0].ratio, hookscopeRps: out[0].hookscopeRps, bareRps: out[0].bareRps, json: out[0], pusher: out[1] };
  } finally {
    await Promise.all([bare.stop(), hs.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}
