// The table printed at the end of `npm run bench` (only the rows of the phases that ran, with --only).
import type { IngestVariant } from './phases/ingest.js';
import type { PartialBenchResult } from './run.js';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** "0.47 (0.44–0.51)": the median of the round ratios, then their lowest and highest. */
function ratioWithSpread(v: IngestVariant): string {
  const rs = (v.rounds ?? []).map((x) => x.ratio);
  if (rs.length < 2) return String(v.ratio);
  return `${v.ratio} (${Math.min(...rs)}–${Math.max(...rs)})`;
}

export function table(r: PartialBenchResult): string {
  const rows: [string, string, string][] = [];
  const i = r.ingest;
  if (i) {
    for (const v of [i.pusher, i.soketi, i.json, i.jsonDistinct]) {
      if (!v) continue; // results saved before this load existed
      rows.push([
        `ingest ${v.body} (${v.bodyBytes} B), ${i.connections} conns, median of ${i.rounds} rounds`,
        `${v.hookscopeRps} req/s vs bare ${v.bareRps}`,
        `${ratioWithSpread(v)}; target >= ${v.target ?? 0.5}`,
      ]);
    }
    if (i.bins) {
      rows.push([
        `ingest ${i.bins.body}`,
        `${i.bins.hookscopeRps} req/s vs 1 bin ${i.bins.bareRps}`,
        `${ratioWithSpread(i.bins)} of 1 bin; target >= ${i.bins.target}`,
      ]);
    }
  }
  const l = r.live;
  if (l) {
    rows.push(
      l.status === 'ok'
        ? [`live ${l.rate} req/s, ${l.viewers} viewers: send -> message`, `p50 ${l.fromSendMs.p50} ms, p99 ${l.fromSendMs.p99} ms`, `${l.ratio} x send->ack p50 (${l.ackMs.p50} ms)`]
        : ['live latency', l.status, '-'],
    );
    if (l.status === 'ok') rows.push(['live: ack -> message (negative: message first)', `p50 ${l.fromAckMs.p50} ms, p99 ${l.fromAckMs.p99} ms`, `missing ${l.missing}`]);
    // Results saved before the bare floor existed have no `bareAckMs`.
    if (l.status === 'ok' && l.bareAckMs) {
      rows.push(['live: bare node:http, same pacing, alternating blocks: send -> answer', `p50 ${l.bareAckMs.p50} ms, p99 ${l.bareAckMs.p99} ms`, `hookscope send -> message p99 ${l.p99VsBare} x bare`]);
    }
    if (l.status === 'ok' && l.worstStallMs !== undefined) {
      rows.push([`live: worst event loop stall over ${l.seconds} s (checkpoints included)`, `${l.windowStallAtMost ? '<= ' : ''}${l.worstStallMs} ms`, 'target: send -> message p99 <= 5 ms']);
    }
  }
  const q = r.query;
  if (q) {
    for (const c of q.cases) {
      // Results saved before the bare floor existed have no `bare`.
      const floor = c.bare ? `; same ${Math.round(c.bare.bytes / 1024)} KiB from bare node:http p50 ${c.bare.p50}, p99 ${c.bare.p99} ms` : '';
      rows.push([`query ${c.name}`, `p50 ${c.big.p50} ms, p99 ${c.big.p99} ms`, `${c.ratio} x 1k-request bin p50${floor}`]);
    }
    if (q.healthzP99Ms !== undefined) rows.push([`query GET /healthz (${q.calls} sequential calls per case)`, `p50 ${q.healthzP50Ms} ms, p99 ${q.healthzP99Ms} ms`, 'target: pages p99 <= 5 ms']);
    rows.push(['query db build', `${q.build.requests} requests, ${q.build.events} events, ${q.build.fileMb} MB`, `${q.build.seconds} s`]);
  }
  const m = r.micro;
  if (m) rows.push(['verify + decode per Pusher batch', `${m.verifyUs} + ${m.decodeUs} us (${m.events} events)`, `${m.ratio} of capture (${m.captureUs} us)`]);
  if (q) rows.push(['RSS with 1M requests stored (after queries)', `${q.rssAfterQueriesMb} MB`, `${q.rssVsEmpty} x empty db (${q.rssEmptyMb} MB)`]);
  if (q) rows.push(['RSS with 1M requests stored, at rest (after start / after queries)', `${q.rssAtRestAfterStartMb} / ${q.rssAtRestMb} MB`, `right after start ${q.rssAfterStartMb} MB; target <= 150 MB`]);
  const mem = r.memory;
  if (mem) rows.push(['RSS peak, slow live client while ingesting', `${mem.slowClientPeakMb} MB`, `${mem.ratio} x no client (${mem.baselinePeakMb} MB); dropped: ${mem.slowClientDropped}`]);
  const sc = r.scale;
  if (sc) {
    const cpu = (x: { cpuUsPerReq: number; pgCpuUsPerReq?: number }) => `node ${x.cpuUsPerReq} us${x.pgCpuUsPerReq === undefined ? '' : ` + PostgreSQL ${x.pgCpuUsPerReq} us`} CPU/req`;
    rows.push([`scale: SQLite node, ${sc.body}`, `${sc.sqlite.rps} req/s, ${cpu(sc.sqlite)}`, `load avg ${sc.loadAvg} at start`]);
    rows.push(['scale: one PostgreSQL node', `${sc.postgres.rps} req/s, ${cpu(sc.postgres)}`, `${sc.throughputRatio} x SQLite req/s (target >= 0.5); CPU ${sc.cpuRatio} x (target <= 1.5)`]);
    rows.push(['scale: two PostgreSQL nodes together, a bin each', `${sc.postgres2.rps} req/s (${sc.postgres2.perNodeRps} per node), ${cpu(sc.postgres2)}`, `errors ${sc.postgres.errors + sc.postgres2.errors}`]);
    const x = sc.crossNode;
    rows.push([`scale: ${x.rate} req/s to node A, socket on node B`, `p50 ${x.fromSendMs.p50} ms, p99 ${x.fromSendMs.p99} ms${x.windowP99Ms ? ` (median of ${x.windowP99Ms.length} windows' p99: ${x.windowP99Ms.join(' / ')})` : ''}`, `target p99 <= 20 ms; send -> ack p50 ${x.ackMs?.p50} ms, p99 ${x.ackMs?.p99} ms; ack -> message on B p50 ${x.fromAckMs?.p50} ms, p99 ${x.fromAckMs?.p99} ms; missing ${x.missing}`]);
  }
  if (r.bundle) rows.push(['viewer JS (gzip): loaded on open / all chunks', `${r.bundle.initialGzipKb} / ${r.bundle.gzipKb} KiB gz (${r.bundle.rawKb} KiB raw, ${r.bundle.files} files)`, 'target < 60 KiB loaded on open']);
  const v = r.viewer;
  if (v) {
    for (const f of v.baseline ? [v.current, v.baseline] : [v.current]) {
      const who = f.build === 'current' ? 'viewer' : `viewer (${f.build})`;
      const tabs = Object.entries(f.tabsMs).map(([k, ms]) => `${k} ${ms}`).join(', ');
      rows.push([`${who}: open ${Math.round(f.bodyBytes / 1e5) / 10} MB batch in the detail`, `${f.openMs} ms, max ${f.maxDomNodes} elements`, `${f.openRatio} x empty request (${f.emptyOpenMs} ms)`]);
      rows.push([`${who}: tab switches (ms)`, tabs, `worst ${f.worstTabRatio} x empty request`]);
      const fl = f.flood;
      rows.push([`${who}: flood ${fl.rate} req/s x ${fl.seconds} s (got ${fl.achievedRps})`, `shown ${fl.catchUpMs} ms after; probe p50 ${fl.probeP50Ms} ms`, `idle probe p50 ${fl.idleProbeP50Ms} ms; page task wait p99 ${fl.pageLagP99Ms} ms`]);
    }
  }
  const soak = r.soak;
  if (soak) {
    for (const m of soak.perMinute) {
      rows.push([`soak minute ${m.minute} (${soak.rate} req/s, ${soak.viewers} viewers)`, `RSS ${m.rssMb} MB, capture p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms`, `${m.captures} captures, ${m.unexpected} unexpected`]);
    }
    rows.push(['soak slopes after minute 1', `RSS ${soak.rssSlopeMbPerMin} MB/min, p99 ${soak.p99SlopeMsPerMin} ms/min`, `RSS +${soak.rssGrowthAfterFirstMinuteMb} MB after minute 1 (target < 10): ${soak.status}`]);
    if (soak.unexpectedSamples?.length) rows.push(['soak unexpected answers (first ones)', soak.unexpectedSamples.join('; '), '-']);
    rows.push(['soak side traffic', `${soak.viewerMessages} live messages, ${soak.apiCalls} API calls`, `waits matched ${soak.waits.matched}, timed out ${soak.waits.timedOut}, other ${soak.waits.other}; API 5xx ${soak.apiErrors}`]);
  }
  const w = [Math.max(5, ...rows.map((x) => x[0].length)), Math.max(5, ...rows.map((x) => x[1].length))];
  const line = (x: [string, string, string]): string => `${pad(x[0], w[0])} | ${pad(x[1], w[1])} | ${x[2]}`;
  return [line(['measure', 'value', 'ratio / baseline']), '-'.repeat(w[0] + w[1] + 30), ...rows.map(line)].join('\n');
}
