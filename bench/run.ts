// npm run bench: bounded phases, each figure a ratio against a baseline measured in the same run.
// Servers run as child processes (the built CLI); the load generator runs here. Writes
// bench/results/<date>-<shortsha>.json, prints a table and a final JSON line.
// `--quick`: shorter phases. `--only <phase>`: run one phase, print its rows and JSON, write no
// results file (partial runs stay out of the history).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/children.js';
import { bundlePhase, type BundleResult } from './phases/bundle.js';
import { ingestPhase, type IngestResult, pusherCaptureRps } from './phases/ingest.js';
import { livePhase, type LiveResult } from './phases/live.js';
import { memoryPhase, type MemoryResult } from './phases/memory.js';
import { microPhase, type MicroResult } from './phases/micro.js';
import { queryPhase, type QueryResult } from './phases/query.js';
import { soakPhase, type SoakResult } from './phases/soak.js';
import { viewerPhase, type ViewerResult } from './phases/viewer.js';
import { scalePhase, type ScaleResult } from './phases/scale.js';
import { table } from './report.js';
import { pgBinDir } from '../test/helpers/pg-cluster.js';

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
  viewer: ViewerResult;
  scale: ScaleResult;
  /** Only with --only soak (minutes long, not part of a full run). */
  soak?: SoakResult;
}

function shortSha(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'nogit';
  }
}

export const PHASES = ['ingest', 'live', 'query', 'micro', 'memory', 'bundle', 'viewer', 'scale', 'soak'] as const;
/** Phases a full run leaves out (they take minutes): run with --only. */
const ON_DEMAND: readonly Phase[] = ['soak'];
export type Phase = (typeof PHASES)[number];

/** A run with only some phases (`--only`); a full run has them all. */
export type PartialBenchResult = Pick<BenchResult, 'date' | 'commit' | 'node' | 'cpus'> & Partial<Pick<BenchResult, Exclude<Phase, 'soak'>>> & { soak?: SoakResult };

class UsageError extends Error {}

function parseArgs(argv: string[]): { quick: boolean; only: Phase | null; viewerBaseline: string | null; soakMinutes: number | null } {
  let quick = false;
  let only: string | null = null;
  let viewerBaseline: string | null = null;
  let soakMinutes: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--soak-minutes') {
      soakMinutes = Number(argv[++i]);
      if (!Number.isInteger(soakMinutes) || soakMinutes < 2) throw new UsageError('--soak-minutes takes a whole number of minutes, at least 2');
    }
    else if (a === '--only') only = argv[++i] ?? '';
    else if (a.startsWith('--only=')) only = a.slice('--only='.length);
    else if (a === '--viewer-baseline') viewerBaseline = argv[++i] ?? '';
    else throw new UsageError(`unknown argument ${a} (use --quick, --only <${PHASES.join('|')}>, --viewer-baseline <built checkout>, --soak-minutes N)`);
  }
  if (only !== null && !(PHASES as readonly string[]).includes(only)) {
    throw new UsageError(`--only takes one of ${PHASES.join(', ')} (got ${JSON.stringify(only)})`);
  }
  if (viewerBaseline !== null && !existsSync(join(viewerBaseline, 'dist/server/cli.js'))) {
    throw new UsageError(`--viewer-baseline takes a built checkout (no ${join(viewerBaseline, 'dist/server/cli.js')})`);
  }
  return { quick, only: only as Phase | null, viewerBaseline, soakMinutes };
}

const step = (name: string): void => void process.stderr.write(`bench: ${name}...\n`);

/**
 * What the phases to run need from the machine, checked before the first one: a full run takes ~10
 * minutes, and a browser missing at the viewer phase would throw away everything measured before it.
 */
function preflight(run: (p: Phase) => boolean): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (run('viewer') && !existsSync(chromium)) {
    throw new UsageError(`the viewer phase drives Debian's Chromium and there is none at ${chromium}: apt-get install chromium (or set CHROMIUM_PATH), or run other phases with --only`);
  }
  if (run('scale')) {
    try {
      pgBinDir();
    } catch (err) {
      throw new UsageError(`the scale phase starts its own PostgreSQL: ${(err as Error).message}; or run other phases with --only`);
    }
  }
}

async function main(): Promise<void> {
  const { quick, only, viewerBaseline, soakMinutes } = parseArgs(process.argv.slice(2));
  const run = (p: Phase): boolean => only === p || (only === null && !ON_DEMAND.includes(p));
  preflight(run);
  const r: PartialBenchResult = { date: '', commit: '', node: process.version, cpus: cpus().length };
  if (run('ingest')) {
    step('ingest');
    r.ingest = await ingestPhase(quick ? 3 : 16, quick ? 2 : 8);
  }
  if (run('live')) {
    step('live latency');
    // 20 s at 1,000 req/s writes well over 32 MB of WAL: the window includes checkpoints (in the checkpointer's worker).
    r.live = await livePhase(1000, quick ? 3 : 20, 10);
  }
  if (run('query')) {
    step(`query (building ${quick ? '100,000' : '1,000,000'} requests)`);
    r.query = await queryPhase(quick ? 100_000 : 1_000_000, quick ? 30 : 300);
  }
  if (run('micro')) {
    // Micro divides by the capture cost of a Pusher batch: from the ingest phase, or, when that
    // was not run, from a short hookscope-only run of the same body.
    let captureRps = r.ingest?.pusher.hookscopeRps;
    if (captureRps === undefined) {
      step('capture req/s of a Pusher batch (ingest phase not run)');
      captureRps = await pusherCaptureRps(quick ? 2 : 4);
    }
    step('verify + decode');
    r.micro = microPhase(captureRps);
  }
  if (run('memory')) {
    step('memory with a slow live client');
    r.memory = await memoryPhase(quick ? 3 : 6);
  }
  if (run('bundle')) r.bundle = bundlePhase();
  if (run('viewer')) {
    step(`viewer in Chromium${viewerBaseline ? ` (and the build in ${viewerBaseline})` : ''}`);
    r.viewer = await viewerPhase(viewerBaseline, quick);
  }
  if (run('scale')) {
    step('scale (PostgreSQL nodes against SQLite)');
    r.scale = await scalePhase(quick ? 2 : 3, quick ? 2 : 3, 1000, quick ? 3 : 5);
  }
  if (run('soak')) {
    const minutes = soakMinutes ?? (quick ? 2 : 10);
    step(`soak: ${minutes} minutes of mixed traffic`);
    r.soak = await soakPhase(minutes);
  }
  r.commit = shortSha();
  r.date = new Date().toISOString();
  process.stdout.write(table(r) + '\n\n');
  if (only === null) {
    const result = r as BenchResult;
    const dir = join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${result.date.slice(0, 10)}-${result.commit}${quick ? '-quick' : ''}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(`results: ${file}\n`);
  } else {
    // Not saved, so the phase's full result (e.g. the ingest rounds) is printed instead.
    process.stdout.write(`results: not saved (--only ${only}); ${only}: ${JSON.stringify(r[only])}\n`);
  }
  process.stdout.write(JSON.stringify(summaryLine(r)) + '\n');
}

/** The final JSON line: the headline ratios and figures (of the phases that ran). */
export function summaryLine(r: PartialBenchResult): Record<string, unknown> {
  const { ingest, live, query, micro, memory, bundle, viewer, scale, soak } = r;
  return {
    commit: r.commit,
    ...(ingest && {
      ingestRatio: ingest.ratio,
      ingestRps: ingest.hookscopeRps,
      bareRps: ingest.bareRps,
      ingestSoketiRatio: ingest.soketi.ratio,
      ingestJsonRatio: ingest.json.ratio,
      ingestDistinctRatio: ingest.jsonDistinct.ratio,
      ingestManyBinsRatio: ingest.bins.ratio,
    }),
    ...(live && { liveP50Ms: live.fromSendMs.p50, liveP99Ms: live.fromSendMs.p99, liveWorstStallMs: live.worstStallMs, liveStatus: live.status }),
    ...(query && { query: Object.fromEntries(query.cases.map((c) => [c.path, { p50: c.big.p50, p99: c.big.p99, ratio: c.ratio }])) }),
    ...(micro && { verifyDecodeShareOfCapture: micro.ratio }),
    ...(query && { rss1MMb: query.rssAfterQueriesMb, rss1MAtRestMb: query.rssAtRestMb }),
    ...(memory && { rssSlowClientRatio: memory.ratio, slowClientDropped: memory.slowClientDropped }),
    ...(bundle && { bundleGzipKb: bundle.gzipKb, bundleInitialGzipKb: bundle.initialGzipKb }),
    ...(viewer && {
      viewerOpenBigMs: viewer.current.openMs,
      viewerOpenRatio: viewer.current.openRatio,
      viewerWorstTabRatio: viewer.current.worstTabRatio,
      viewerFloodCatchUpMs: viewer.current.flood.catchUpMs,
      viewerFloodProbeP50Ms: viewer.current.flood.probeP50Ms,
    }),
    ...(scale && {
      scalePgCpuRatio: scale.cpuRatio,
      scalePgThroughputRatio: scale.throughputRatio,
      scaleCrossNodeP99Ms: scale.crossNode.fromSendMs.p99,
    }),
    ...(soak && {
      soakStatus: soak.status,
      soakRssGrowthMb: soak.rssGrowthAfterFirstMinuteMb,
      soakRssSlopeMbPerMin: soak.rssSlopeMbPerMin,
      soakP99SlopeMsPerMin: soak.p99SlopeMsPerMin,
    }),
  };
}

main().catch((err: Error) => {
  process.stderr.write(err instanceof UsageError ? `bench: ${err.message}\n` : `bench failed: ${err.stack ?? err.message}\n`);
  process.exitCode = 1;
});
