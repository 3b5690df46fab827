// The table printed at the end of `npm run bench`.
import type { BenchResult } from './run.js';

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function table(r: BenchResult): string {
  const rows: [string, string, string][] = [];
  const i = r.ingest;
  for (const v of [i.json, i.pusher]) {
    rows.push([`ingest ${v.body} (${v.bodyBytes} B), ${i.connections} conns`, `${v.hookscopeRps} req/s vs bare ${v.bareRps}`, `${v.ratio} (target >= 0.5)`]);
  }
  const l = r.live;
  rows.push(
    l.status === 'ok'
      ? [`live ${l.rate} req/s, ${l.viewers} viewers: send -> message`, `p50 ${l.fromSendMs.p50} ms, p99 ${l.fromSendMs.p99} ms`, `${l.ratio} x send->ack p50 (${l.ackMs.p50} ms)`]
      : ['live latency', l.status, '-'],
  );
  if (l.status === 'ok') rows.push(['live: ack -> message (negative: message first)', `p50 ${l.fromAckMs.p50} ms, p99 ${l.fromAckMs.p99} ms`, `missing ${l.missing}`]);
  const q = r.query;
  for (const c of q.cases) rows.push([`query ${c.name}`, `p50 ${c.big.p50} ms, p99 ${c.big.p99} ms`, `${c.ratio} x 1k-request bin`]);
  rows.push(['query db build', `${q.build.requests} requests, ${q.build.events} events, ${q.build.fileMb} MB`, `${q.build.seconds} s`]);
  const m = r.micro;
  rows.push(['verify + decode per Pusher batch', `${m.verifyUs} + ${m.decodeUs} us (${m.events} events)`, `${m.ratio} of capture (${m.captureUs} us)`]);
  rows.push(['RSS with 1M requests stored (after queries)', `${q.rssAfterQueriesMb} MB`, `${q.rssVsEmpty} x empty db (${q.rssEmptyMb} MB)`]);
  const mem = r.memory;
  rows.push(['RSS peak, slow live client while ingesting', `${mem.slowClientPeakMb} MB`, `${mem.ratio} x no client (${mem.baselinePeakMb} MB); dropped: ${mem.slowClientDropped}`]);
  rows.push(['viewer bundle (gzip)', `${r.bundle.gzipKb} KiB gz (${r.bundle.rawKb} KiB raw, ${r.bundle.files} files)`, '-']);
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length))];
  const line = (x: [string, string, string]): string => `${pad(x[0], w[0])} | ${pad(x[1], w[1])} | ${x[2]}`;
  return [line(['measure', 'value', 'ratio / baseline']), '-'.repeat(w[0] + w[1] + 30), ...rows.map(line)].join('\n');
}
