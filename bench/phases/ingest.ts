// Ingest: 2xx/s hookscope captures durably (ack after COMMIT, WAL file on disk, default settings: the
// per-bin cap of 1,000 is on, so steady state prunes one request per request) over the same load
// against a bare node:http server that reads the body and answers 200. Loads:
// - the headline: a ~1 KiB signed Pusher batch of 11 events (verify + decode + events index), the
//   traffic hookscope exists for;
// - a ~1 KiB soketi-shaped webhook with one client_event, the same body every time;
// - the 1 KiB generic JSON document (no events), and the same with a distinct id in every request (as
//   real webhooks: each is a new group for retry grouping);
// - many bins: the 1-event webhook spread over 1,000 bins (test suites give each test its own bin),
//   measured against the same webhook on one bin, hookscope against itself.
//
// Machine speed drifts over tens of seconds (on a 2-core VM the bare baseline alone swings
// 24k-47k req/s between runs), so one long run of each gives a noisy ratio. Instead each load is
// measured in R short rounds, each a baseline run and a hookscope run back to back in ABBA order
// (baseline first in even rounds, hookscope first in odd ones), a ratio per round, and the median of
// the round ratios is reported.
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBareChild, startHookscopeChild } from '../lib/children.js';
import { KEY, pusherBatch, SECRET, signedHeaders, soketiClientEvent } from '../lib/payload.js';
import { median, round } from '../lib/stats.js';

export interface IngestRound {
  bareRps: number;
  hookscopeRps: number;
  ratio: number;
}

export interface IngestVariant {
  body: string;
  bodyBytes: number;
  /** Median over the rounds (for `bins`: the same load on one bin, the baseline). */
  bareRps: number;
  /** Median over the rounds. */
  hookscopeRps: number;
  /** Median of the per-round ratios (not the ratio of the medians). */
  ratio: number;
  /** The target for the ratio. */
  target: number;
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
  /** Baseline + hookscope pairs per body. */
  rounds: number;
  /** Length of each single run. */
  runSeconds: number;
  /** Headline: the signed 11-event Pusher batch. */
  ratio: number;
  hookscopeRps: number;
  bareRps: number;
  pusher: IngestVariant;
  soketi: IngestVariant;
  json: IngestVariant;
  /** The 1 KiB JSON document with a distinct id in every request. */
  jsonDistinct: IngestVariant;
  /** The 1-event webhook over 1,000 bins against the same on one bin (bareRps: the one-bin rate). */
  bins: IngestVariant;
}

const MIN_RUN_SECONDS = 2;
export const MANY_BINS = 1000;

/** Gives each request its own body: the template's `evt_000000000` becomes `evt_000000001`, `evt_000000002`... */
type Distinct = (body: string) => string;

interface Load {
  url: string;
  body: string;
  headers: Record<string, string>;
  distinct?: Distinct;
  /** Spread over this many bins: /h/bench-0 ... /h/bench-(n-1), round robin. */
  bins?: number;
}

async function load(l: Load, seconds: number, connections: number) {
  let next = 0;
  const setupRequest = (req: { body?: string; path?: string }) => ({
    ...req,
    ...(l.distinct && { body: l.distinct(l.body) }),
    ...(l.bins && { path: `/h/bench-${next++ % l.bins}` }),
  });
  const requests = l.distinct || l.bins ? [{ setupRequest }] : undefined;
  const r = await autocannon({ url: l.url, connections, duration: seconds, method: 'POST', headers: l.headers, body: l.body, timeout: 10, ...(requests && { requests }) });
  return { rps: r['2xx'] / r.duration, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

const json = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { note: 'x'.repeat(960) } });
const jsonHeaders = { 'Content-Type': 'application/json' };
const distinctTemplate = json.replace('"evt_1"', '"evt_000000000"');
let sequence = 0;
const distinctId: Distinct = (body) => body.replace('"evt_000000000"', `"evt_${String(++sequence).padStart(9, '0')}"`);

type Runs = { b: Awaited<ReturnType<typeof load>>; h: Awaited<ReturnType<typeof load>> }[];

/** R rounds of baseline A and hookscope B back to back, ABBA. */
async function rounds(a: () => ReturnType<typeof load>, b: () => ReturnType<typeof load>, n: number): Promise<Runs> {
  const runs: Runs = [];
  for (let r = 0; r < n; r++) {
    // Back to back so both see the same machine state; ABBA so neither always goes first.
    if (r % 2 === 0) {
      const base = await a();
      runs.push({ b: base, h: await b() });
    } else {
      const h = await b();
      runs.push({ b: await a(), h });
    }
  }
  return runs;
}

function variant(name: string, body: string, target: number, runs: Runs): IngestVariant {
  return {
    body: name,
    bodyBytes: Buffer.byteLength(body),
    bareRps: Math.round(median(runs.map((x) => x.b.rps))),
    hookscopeRps: Math.round(median(runs.map((x) => x.h.rps))),
    ratio: round(median(runs.map((x) => x.h.rps / x.b.rps))),
    target,
    hookscopeP99Ms: median(runs.map((x) => x.h.p99)),
    bareP99Ms: median(runs.map((x) => x.b.p99)),
    errors: runs.reduce((n, x) => n + x.h.errors, 0),
    rounds: runs.map((x) => ({ bareRps: Math.round(x.b.rps), hookscopeRps: Math.round(x.h.rps), ratio: round(x.h.rps / x.b.rps) })),
  };
}

/**
 * @param seconds load seconds per server per body in total, split over the rounds (each run at
 *   least MIN_RUN_SECONDS, so the total can come out a little higher).
 * @param n baseline + hookscope pairs per body, ABBA order.
 */
export async function ingestPhase(seconds = 8, n = 4, connections = 50): Promise<IngestResult> {
  const runSeconds = Math.max(MIN_RUN_SECONDS, seconds / n);
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  const bare = await startBareChild();
  const hs = await startHookscopeChild(['--db', join(dir, 'ingest.db'), '--bin', `bench:${KEY}:${SECRET}`]);
  const batch = pusherBatch(1);
  const soketi = soketiClientEvent();
  const bareAt = (body: string, headers: Record<string, string>, distinct?: Distinct): Load => ({ url: `${bare.url}/`, body, headers, distinct });
  const hsAt = (body: string, headers: Record<string, string>, distinct?: Distinct): Load => ({ url: `${hs.url}/h/bench`, body, headers, distinct });
  const run = (l: Load) => () => load(l, runSeconds, connections);
  try {
    // Warm both (JIT, page cache, WAL) before measuring, and create the many bins.
    await load(bareAt(json, jsonHeaders), 2, connections);
    await load(hsAt(json, jsonHeaders), 2, connections);
    await load({ url: hs.url, body: soketi, headers: jsonHeaders, bins: MANY_BINS }, 2, connections);
    const out = {
      pusher: variant('signed Pusher batch, 11 events', batch, 0.45, await rounds(run(bareAt(batch, signedHeaders(batch))), run(hsAt(batch, signedHeaders(batch))), n)),
      soketi: variant('soketi webhook, 1 client_event', soketi, 0.6, await rounds(run(bareAt(soketi, jsonHeaders)), run(hsAt(soketi, jsonHeaders)), n)),
      json: variant('1 KiB JSON document', json, 0.6, await rounds(run(bareAt(json, jsonHeaders)), run(hsAt(json, jsonHeaders)), n)),
      jsonDistinct: variant('1 KiB JSON, every body distinct', distinctTemplate, 0.6,
        await rounds(run(bareAt(distinctTemplate, jsonHeaders, distinctId)), run(hsAt(distinctTemplate, jsonHeaders, distinctId)), n)),
      // hookscope against itself: the same webhook on one bin (A) and over 1,000 bins (B), both with a
      // path chosen per request, so the load generator does the same work in both.
      bins: variant(`soketi webhook over ${MANY_BINS} bins vs 1 bin`, soketi, 0.9,
        await rounds(run({ url: hs.url, body: soketi, headers: jsonHeaders, bins: 1 }), run({ url: hs.url, body: soketi, headers: jsonHeaders, bins: MANY_BINS }), n)),
    };
    return {
      connections, seconds: round(n * runSeconds, 1), rounds: n, runSeconds: round(runSeconds, 1),
      ratio: out.pusher.ratio, hookscopeRps: out.pusher.hookscopeRps, bareRps: out.pusher.bareRps, ...out,
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
    await load({ url: `${hs.url}/h/bench`, body: json, headers: jsonHeaders }, 2, connections);
    const h = await load({ url: `${hs.url}/h/bench`, body: batch, headers: signedHeaders(batch) }, seconds, connections);
    return Math.round(h.rps);
  } finally {
    await hs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
