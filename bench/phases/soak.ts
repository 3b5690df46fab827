// Soak (npm run bench -- --only soak; not part of the full run): N minutes of mixed traffic against
// one hookscope child. Captures of every kind at a fixed rate, 10 live viewers, waits that match and
// waits that time out, request and event pages, request details, deletes, a bin cleared now and then,
// and a bin held at its cap (constant pruning). Per minute: the child's RSS and the capture p99; the
// slope of each over the minutes after the first (warm-up), and RSS growth after minute 1. Flat means
// RSS growth < 10 MB and no unexpected answer.
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { rssOf, startHookscopeChild } from '../lib/children.js';
import { KEY, SECRET } from '../lib/payload.js';
import { capture, expectedStatus, TSB_SECRET } from '../lib/soak-traffic.js';
import { mb, round, summary } from '../lib/stats.js';

export interface SoakMinute {
  minute: number;
  rssMb: number;
  captures: number;
  p50Ms: number;
  p99Ms: number;
  unexpected: number;
}

export interface SoakResult {
  minutes: number;
  rate: number;
  viewers: number;
  perMinute: SoakMinute[];
  /** Least-squares slope over minutes 2..N. */
  rssSlopeMbPerMin: number;
  p99SlopeMsPerMin: number;
  /** RSS at the last minute minus RSS at minute 1. */
  rssGrowthAfterFirstMinuteMb: number;
  viewerMessages: number;
  waits: { matched: number; timedOut: number; other: number };
  apiCalls: number;
  apiErrors: number;
  /** The first unexpected answers, to tell what they were. */
  unexpectedSamples: string[];
  status: 'flat' | string;
}

function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => ((num += (x - mx) * (y - my)), (den += (x - mx) ** 2)));
  return num / den;
}

export async function soakPhase(minutes = 10, rate = 300, viewers = 10): Promise<SoakResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-soak-'));
  const hs = await startHookscopeChild([
    '--db', join(dir, 'soak.db'), '--max-requests', '2000', '--bin', `soak-pusher:${KEY}:${SECRET}`, '--bin', 'soak-soketi', '--bin', 'soak-json',
  ]);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  let viewerMessages = 0;
  let apiCalls = 0;
  let apiErrors = 0;
  const waits = { matched: 0, timedOut: 0, other: 0 };
  try {
    const api = async (method: string, path: string, body?: unknown): Promise<Response> => {
      apiCalls++;
      const res = await fetch(`${hs.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? undefined : { 'content-type': 'application/json' } });
      if (res.status >= 500) apiErrors++;
      await res.arrayBuffer();
      return res;
    };
    await api('POST', '/api/bins', { name: 'soak-tsb', secret: TSB_SECRET });
    await api('POST', '/api/bins', { name: 'soak-capped', maxRequests: 200, response: { script: [{ status: 500, times: 3 }], delayMs: 0 } });
    for (let i = 0; i < viewers; i++) {
      const bin = ['soak-pusher', 'soak-json', 'soak-capped', 'soak-soketi', 'soak-tsb'][i % 5];
      const ws = new WebSocket(`${hs.url.replace(/^http/, 'ws')}/api/bins/${bin}/live`, { perMessageDeflate: false });
      ws.on('message', () => viewerMessages++);
      ws.on('error', () => {});
      await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
      sockets.push(ws);
    }

    // The reads and writes a viewer and a test suite make while captures flow.
    let n = 0;
    const every = (ms: number, f: () => Promise<unknown>): void => void timers.push(setInterval(() => void f().catch(() => apiErrors++), ms));
    every(500, () => api('GET', `/api/bins/soak-pusher/requests?limit=100${n % 3 === 0 ? '' : `&before=${Math.max(1, n - 500)}`}`));
    every(700, () => api('GET', '/api/bins/soak-pusher/events?name=member_added&limit=50'));
    every(900, () => api('GET', `/api/bins/soak-json/requests?q=orders&limit=20`));
    every(1000, async () => {
      const res = await fetch(`${hs.url}/api/bins/soak-pusher/wait?name=member_added&timeout=3000`);
      await res.arrayBuffer();
      if (res.status === 200) waits.matched++;
      else waits.other++;
    });
    every(1500, async () => {
      const res = await fetch(`${hs.url}/api/bins/soak-pusher/wait?name=never_sent&timeout=300`);
      await res.arrayBuffer();
      if (res.status === 408) waits.timedOut++;
      else waits.other++;
    });
    every(2000, async () => {
      const list = (await (await fetch(`${hs.url}/api/bins/soak-json/requests?limit=5`)).json()) as { requests: { id: number }[] };
      const [first, second] = list.requests;
      if (first) await api('GET', `/api/bins/soak-json/requests/${first.id}`);
      if (first) await api('GET', `/api/bins/soak-json/requests/${first.id}/raw`);
      if (second) await api('DELETE', `/api/bins/soak-json/requests/${second.id}`);
    });
    every(30_000, () => api('DELETE', '/api/bins/soak-soketi/requests'));
    every(20_000, () => api('GET', '/metrics'));

    const perMinute: SoakMinute[] = [];
    let latencies: number[] = [];
    let unexpected = 0;
    const samples: string[] = [];
    const odd = (what: string): void => {
      unexpected++;
      if (samples.length < 10) samples.push(what);
    };
    const one = (): Promise<void> =>
      new Promise((resolve) => {
        const c = capture(n++);
        const sentAt = performance.now();
        const headers = { ...c.headers, 'Content-Length': String(c.body.length) };
        const u = new URL(hs.url + c.path);
        const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: c.method, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - sentAt);
            // soak-capped's script answers its first three 500 by design.
            if (res.statusCode !== expectedStatus(c.kind) && !(c.path.startsWith('/h/soak-capped') && res.statusCode === 500)) odd(`${c.kind} ${c.method} ${c.path} -> ${res.statusCode}`);
            resolve();
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => (odd(`${c.kind} ${c.method} ${c.path} -> ${err.code ?? err.message}`), resolve()));
        req.end(c.body);
      });
    const start = performance.now();
    let sent = 0;
    const inflight = new Set<Promise<void>>();
    await new Promise<void>((done) => {
      const pace = setInterval(() => {
        const elapsed = (performance.now() - start) / 1000;
        const due = Math.floor(elapsed * rate);
        while (sent < due) {
          sent++;
          const p = one();
          inflight.add(p);
          void p.then(() => inflight.delete(p));
        }
        if (elapsed >= (perMinute.length + 1) * 60) {
          const s = summary(latencies);
          perMinute.push({ minute: perMinute.length + 1, rssMb: mb(rssOf(hs.pid)), captures: s.n, p50Ms: s.p50, p99Ms: s.p99, unexpected });
          process.stderr.write(`bench: soak minute ${perMinute.length}: rss ${perMinute.at(-1)?.rssMb} MB, capture p99 ${s.p99} ms, ${s.n} captures, ${unexpected} unexpected\n`);
          latencies = [];
          unexpected = 0;
          if (perMinute.length >= minutes) (clearInterval(pace), done());
        }
      }, 10);
    });
    // The last captures' answers, before the agent and the server go away.
    await Promise.all(inflight);
    const after = perMinute.slice(1);
    const rssGrowth = round(perMinute[perMinute.length - 1].rssMb - perMinute[0].rssMb, 1);
    const bad = perMinute.reduce((a, m) => a + m.unexpected, 0);
    return {
      minutes, rate, viewers, perMinute,
      rssSlopeMbPerMin: round(slope(after.map((m) => m.rssMb)), 2),
      p99SlopeMsPerMin: round(slope(after.map((m) => m.p99Ms)), 2),
      rssGrowthAfterFirstMinuteMb: rssGrowth,
      viewerMessages, waits, apiCalls, apiErrors, unexpectedSamples: samples,
      status: rssGrowth < 10 && bad === 0 && apiErrors === 0 ? 'flat' : `not flat: rss +${rssGrowth} MB after minute 1, ${bad} unexpected answers, ${apiErrors} API errors`,
    };
  } finally {
    for (const t of timers) clearInterval(t);
    for (const ws of sockets) ws.terminate();
    agent.destroy();
    await hs.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
