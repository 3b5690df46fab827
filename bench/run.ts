// npm run bench: bounded phases, each figure a ratio against a baseline measured in the same run.
// Servers run as child processes (the built CLI); the load generator runs here. Writes
// bench/results/<date>-<shortsha>.json, prints a table and a final JSON line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/children.js';
import { bundlePhase, type BundleResult } from './phases/bundle.js';
import { ingestPhase, type IngestResult } from './phases/ingest.js';
import { livePhase, type LiveResult } from './phases/live.js';
import { memoryPhase, type MemoryResult } from './phases/memory.js';
import { microPhase, type MicroResult } from './phases/micro.js';
import { queryPhase, type QueryResult } from './phases/query.js';
import { table } from './report.js';

export interface BenchResult {
  date: string;
  commit: string;
  node: string;
  cpus: number;
  ingest: IngestResult;
  live: LiveResult;
  query: QueryResult;
  micro: MicroResult;
  memory: MemoryResult;
  bundle: BundleResult;
}

function shortSha(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'nogit';
  }
}

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const step = (name: string): void => void process.stderr.write(`bench: ${name}...\n`);

async function main(): Promise<void> {
  step('ingest');
  const ingest = await ingestPhase(quick ? 3 : 8);
  step('live latency');
  const live = await livePhase(1000, quick ? 3 : 6, 10);
  step(`query (building ${quick ? '100,000' : '1,000,000'} requests)`);
  const query = await queryPhase(quick ? 100_000 : 1_000_000, quick ? 30 : 100);
  step('verify + decode');
  const micro = microPhase(ingest.pusher.hookscopeRps);
  step('memory with a slow live client');
  const memory = await memoryPhase(quick ? 3 : 6);
  const bundle = bundlePhase();
  const commit = shortSha();
  const date = new Date().toISOString();
  const result: BenchResult = { date, commit, node: process.version, cpus: cpus().length, ingest, live, query, micro, memory, bundle };
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${date.slice(0, 10)}-${commit}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(table(result) + '\n\n');
  process.stdout.write(`results: ${file}\n`);
  process.stdout.write(JSON.stringify(summaryLine(result)) + '\n');
}

/** The final JSON line: the headline ratios and figures. */
export function summaryLine(r: BenchResult): Record<string, unknown> {
  return {
    commit: r.commit,
    ingestRatio: r.ingest.ratio,
    ingestRps: r.ingest.hookscopeRps,
    bareRps: r.ingest.bareRps,
    ingestPusherRatio: r.ingest.pusher.ratio,
    ingestPusherRps: r.ingest.pusher.hookscopeRps,
    liveP50Ms: r.live.fromSendMs.p50,
    liveP99Ms: r.live.fromSendMs.p99,
    liveStatus: r.live.status,
    query: Object.fromEntries(r.query.cases.map((c) => [c.path, { p50: c.big.p50, p99: c.big.p99, ratio: c.ratio }])),
    verifyDecodeShareOfCapture: r.micro.ratio,
    rss1MMb: r.query.rssAfterQueriesMb,
    rssSlowClientRatio: r.memory.ratio,
    slowClientDropped: r.memory.slowClientDropped,
    bundleGzipKb: r.bundle.gzipKb,
  };
}

main().catch((err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
