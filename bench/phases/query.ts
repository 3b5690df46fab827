// Query: request and event pages on a bin of 1,000,000 requests (db built directly, see build-db.ts),
// p50/p99 ms over sequential calls, against the same calls on a 1,000-request bin of the same db
// (the baseline), and against a bare node:http server answering the very bytes of the big bin's page
// (the floor: moving and parsing that response with no work behind it; on a noisy VM its p99 alone
// can be several ms). Also the server's RSS after start and after the queries (memory with 1M stored).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDb, type BuiltDb } from '../lib/build-db.js';
import { rssOf, startBareChild, startHookscopeChild } from '../lib/children.js';
import { mb, round, summary } from '../lib/stats.js';

export interface QueryCase {
  name: string;
  path: string;
  rows: number;
  big: { p50: number; p99: number };
  small: { p50: number; p99: number };
  /** The same bytes as the big bin's answer, from a bare node:http server (bench/lib/bare-server.mjs). */
  bare: { p50: number; p99: number; bytes: number };
  ratio: number;
  /** p99 on the big bin over p99 of the bare server's same bytes. */
  p99VsBare: number;
}

export interface QueryResult {
  status: string;
  build: BuiltDb & { fileMb: number };
  healthzP50Ms: number;
  healthzP99Ms: number;
  /** Sequential calls per case and target (after 10 not counted). */
  calls: number;
  cases: QueryCase[];
  rssAfterStartMb: number;
  rssAfterQueriesMb: number;
  /** RSS once the server was quiet for a while after start / after the queries (its idle GC, server/memory/idle-gc.ts, has run). */
  rssAtRestAfterStartMb: number;
  rssAtRestMb: number;
  /** RSS after the queries over RSS of a server on an empty database. */
  rssVsEmpty: number;
  rssEmptyMb: number;
}

const cases: [string, string][] = [
  ['requests latest page', 'requests?limit=100'],
  ['requests deep page (before=mid)', 'requests?limit=100&before=MID'],
  ['requests ?name=member_added', 'requests?limit=100&name=member_added'],
  ['requests ?name=cache_miss (rare)', 'requests?limit=100&name=cache_miss'],
  ['requests ?q= (text search)', 'requests?limit=100&q=presence-room-7'],
  ['events ?name=member_added', 'events?limit=100&name=member_added'],
  ['events ?channel=presence-room-7', 'events?limit=100&channel=presence-room-7'],
  ['events ?name=cache_miss (rare)', 'events?limit=100&name=cache_miss'],
  ['events ?name=member_added&channel=presence-room-7', 'events?limit=100&name=member_added&channel=presence-room-7'],
  ['wait, stored match after=mid (name+channel)', 'wait?name=member_added&channel=presence-room-7&after=MID&timeout=0'],
  ['wait, stored rare match after=mid', 'wait?name=cache_miss&after=MID&timeout=0'],
];

/**
 * Quiet time before an at-rest RSS reading: the server's idle GC runs after 6 s without work and 6 s
 * after V8's own last GC, and V8 may finish a collection of its own a few seconds after a burst (with
 * 300 calls per case the idle GC came 8-10 s after the last page: 9 s read it before it ran).
 */
const REST_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timeCalls(url: string, n: number): Promise<{ p50: number; p99: number; rows: number; status: number }> {
  const times: number[] = [];
  let rows = 0;
  let status = 0;
  for (let i = 0; i < n + 10; i++) {
    const t = performance.now();
    const res = await fetch(url);
    const body = (await res.json()) as { requests?: unknown[]; events?: unknown[]; event?: unknown };
    if (i >= 10) times.push(performance.now() - t);
    rows = (body.requests ?? body.events ?? (body.event ? [body.event] : [])).length;
    status = res.status;
  }
  const s = summary(times);
  return { p50: s.p50, p99: s.p99, rows, status };
}

export async function queryPhase(count = 1_000_000, calls = 300): Promise<QueryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  const file = join(dir, 'big.db');
  try {
    const build = buildDb(file, [{ id: 'big', count }, { id: 'small', count: 1000 }]);
    const empty = await startHookscopeChild(['--db', join(dir, 'empty.db')]);
    await fetch(`${empty.url}/api/bins`);
    const rssEmpty = rssOf(empty.pid);
    await empty.stop();
    const hs = await startHookscopeChild(['--db', file]);
    const bare = await startBareChild();
    try {
      const rssAfterStart = rssOf(hs.pid);
      await sleep(REST_MS);
      const rssAtRestAfterStart = rssOf(hs.pid);
      const healthz = await timeCalls(`${hs.url}/healthz`, calls);
      const out: QueryCase[] = [];
      let status = 'ok';
      for (const [i, [name, path]] of cases.entries()) {
        const bigUrl = `${hs.url}/api/bins/big/${path.replace('MID', String(Math.floor(count / 2)))}`;
        const page = Buffer.from(await (await fetch(bigUrl)).arrayBuffer());
        await (await fetch(`${bare.url}/stash/${i}`, { method: 'PUT', body: page })).arrayBuffer();
        const big = await timeCalls(bigUrl, calls);
        const small = await timeCalls(`${hs.url}/api/bins/small/${path.replace('MID', String(count + 500))}`, calls);
        const floor = await timeCalls(`${bare.url}/stash/${i}`, calls);
        if (big.status !== 200) status = `${name}: HTTP ${big.status}`;
        out.push({
          name, path, rows: big.rows, big: { p50: big.p50, p99: big.p99 }, small: { p50: small.p50, p99: small.p99 },
          bare: { p50: floor.p50, p99: floor.p99, bytes: page.length }, ratio: round(big.p50 / small.p50, 2), p99VsBare: round(big.p99 / floor.p99, 2),
        });
      }
      const rssAfter = rssOf(hs.pid);
      await sleep(REST_MS);
      const rssAtRest = rssOf(hs.pid);
      return {
        status,
        build: { ...build, fileMb: mb(statSync(file).size) },
        healthzP50Ms: healthz.p50,
        healthzP99Ms: healthz.p99,
        calls,
        cases: out,
        rssAfterStartMb: mb(rssAfterStart),
        rssAfterQueriesMb: mb(rssAfter),
        rssAtRestAfterStartMb: mb(rssAtRestAfterStart),
        rssAtRestMb: mb(rssAtRest),
        rssEmptyMb: mb(rssEmpty),
        rssVsEmpty: round(rssAfter / rssEmpty, 2),
      };
    } finally {
      await Promise.all([hs.stop(), bare.stop()]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
