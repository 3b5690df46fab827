// Ingest: 2xx/s hookscope captures durably (ack after COMMIT, WAL file on disk, default settings)
// over the same load against a bare node:http server that reads the body and answers 200.
// Three loads: the headline 1 KiB generic JSON document (no events, the same body every time), the
// same document with a distinct id in every request (as real webhooks: each is a new group for retry
// grouping), and a ~1 KiB signed Pusher batch of 11 events (verify + decode + 11 rows in the events
// index per request).
//
// Machine speed drifts over tens of seconds (on a 2-core VM the bare baseline alone swings
// 24k-47k req/s between runs), so one long bare run followed by one long hookscope run gives a
// noisy ratio. Instead each body is measured in R short rounds, each a bare run and a hookscope run
// back to back in ABBA order (bare first in even rounds, hookscope first in odd ones), a ratio per
// round, and the median of the round ratios is reported.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBareChild, startHookscopeChild } from '../lib/children.js';
import { KEY, pusherBatch, SECRET, signedHeaders } from '../lib/payload.js';
import { median, round } from '../lib/stats.js';

export interface IngestRound {
  bareRps: number;
  hookscopeRps: number;
  ratio: number;
}

export interface IngestVariant {
  body: string;
  bodyBytes: number;
  /** Median over the rounds. */
  bareRps: number;
  /** Median over the rounds. */
  hookscopeRps: number;
  /** Median of the per-round ratios (not the ratio of the medians). */
  ratio: number;
  /** Median over the rounds of each run's p99. */
  hookscopeP99Ms: number;
  bareP99Ms: number;
  /** hookscope errors + timeouts + non-2xx, summed over the rounds. */
  errors: number;
  /** In the order measured. */
  rounds: IngestRound[];
}

export interface IngestResult {
  connections: number;
  /** Load seconds per server per body, summed over the rounds (rounds x runSeconds). */
  seconds: number;
  /** Bare + hookscope pairs per body. */
  rounds: number;
  /** Length of each single run. */
  runSeconds: number;
  /** Headline: the generic 1 KiB JSON POST. */
  ratio: number;
  hookscopeRps: number;
  bareRps: number;
  json: IngestVariant;
  /** The 1 KiB JSON document with a distinct id in every request. */
  jsonDistinct: IngestVariant;
  pusher: IngestVariant;
}

const MIN_RUN_SECONDS = 2;

/** Gives each request its own body: the template's `evt_000000000` becomes `evt_000000001`, `evt_000000002`... */
type Distinct = (body: string) => string;

async function load(url: string, body: string, headers: Record<string, string>, seconds: number, connections: number, distinct?: Distinct) {
  const requests = distinct ? [{ setupRequest: (req: { body?: string }) => ({ ...req, body: distinct(body) }) }] : undefined;
  const r = await autocannon({ url, connections, duration: seconds, method: 'POST', headers, body, timeout: 10, ...(requests && { requests }) });
  return { rps: r['2xx'] / r.duration, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

const json = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { note: 'x'.repeat(960) } });
const jsonHeaders = { 'Content-Type': 'application/json' };
const distinctTemplate = json.replace('"evt_1"', '"evt_000000000"');
let sequence = 0;
const distinctId: Distinct = (body) => body.replace('"evt_000000000"', `"evt_${String(++sequence).padStart(9, '0')}"`);

/**
 * @param seconds load seconds per server per body in total, split over the rounds (each run at
 *   least MIN_RUN_SECONDS, so the total can come out a little higher).
 * @param rounds bare + hookscope pairs per body, ABBA order.
 */
export async function ingestPhase(seconds = 8, rounds = 4, connections = 50): Promise<IngestResult> {
  const runSeconds = Math.max(MIN_RUN_SECONDS, seconds / rounds);
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  const bare = await startBareChild();
  const hs = await startHookscopeChild(['--db', join(dir, 'ingest.db'), '--bin', `bench:${KEY}:${SECRET}`]);
  const batch = pusherBatch(1);
  const variants: [string, string, Record<string, string>, Distinct?][] = [
    ['1 KiB JSON document', json, jsonHeaders],
    ['1 KiB JSON, every body distinct', distinctTemplate, jsonHeaders, distinctId],
    ['signed Pusher batch, 11 events', batch, signedHeaders(batch)],
  ];
  try {
    // Warm both (JIT, page cache, WAL) before measuring.
    await load(`${bare.url}/`, json, jsonHeaders, 2, connections);
    await load(`${hs.url}/h/bench`, json, jsonHeaders, 2, connections);
    const out: IngestVariant[] = [];
    for (const [name, body, headers, distinct] of variants) {
      const runBare = () => load(`${bare.url}/`, body, headers, runSeconds, connections, distinct);
      const runHs = () => load(`${hs.url}/h/bench`, body, headers, runSeconds, connections, distinct);
      const runs: { b: Awaited<ReturnType<typeof load>>; h: Awaited<ReturnType<typeof load>> }[] = [];
      for (let r = 0; r < rounds; r++) {
        // Back to back so both see the same machine state; ABBA so neither always goes first.
        if (r % 2 === 0) {
          const b = await runBare();
          runs.push({ b, h: await runHs() });
        } else {
          const h = await runHs();
          runs.push({ b: await runBare(), h });
        }
      }
      out.push({
        body: name,
        bodyBytes: Buffer.byteLength(body),
        bareRps: Math.round(median(runs.map((x) => x.b.rps))),
        hookscopeRps: Math.round(median(runs.map((x) => x.h.rps))),
        ratio: round(median(runs.map((x) => x.h.rps / x.b.rps))),
        hookscopeP99Ms: median(runs.map((x) => x.h.p99)),
        bareP99Ms: median(runs.map((x) => x.b.p99)),
        errors: runs.reduce((n, x) => n + x.h.errors, 0),
        rounds: runs.map((x) => ({ bareRps: Math.round(x.b.rps), hookscopeRps: Math.round(x.h.rps), ratio: round(x.h.rps / x.b.rps) })),
      });
    }
    return {
      connections, seconds: round(rounds * runSeconds, 1), rounds, runSeconds: round(runSeconds, 1),
      ratio: out[0].ratio, hookscopeRps: out[0].hookscopeRps, bareRps: out[0].bareRps, json: out[0], jsonDistinct: out[1], pusher: out[2],
    };
  } finally {
    await Promise.all([bare.stop(), hs.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * hookscope req/s on the signed Pusher batch alone, no bare baseline: what the micro phase divides
 * by when the ingest phase is not run (`--only micro`). One warm-up, then one run of `seconds`.
 */
export async function pusherCaptureRps(seconds = 3, connections = 50): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  const hs = await startHookscopeChild(['--db', join(dir, 'ingest.db'), '--bin', `bench:${KEY}:${SECRET}`]);
  const batch = pusherBatch(1);
  try {
    await load(`${hs.url}/h/bench`, json, jsonHeaders, 2, connections);
    const h = await load(`${hs.url}/h/bench`, batch, signedHeaders(batch), seconds, connections);
    return Math.round(h.rps);
  } finally {
    await hs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
