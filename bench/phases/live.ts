// Live latency: a paced sender at a fixed rate, N viewers on /api/bins/:bin/live, all in this
// process (one clock). Latency is measured from the moment the capture request was SENT to the
// moment each viewer received the summary carrying its id; the ack-relative figure (message time
// minus the moment the HTTP response arrived) is also given and can be negative: the server
// publishes in the same tick it answers, so the message may overtake the response. The window follows
// WARMUP_SECONDS of the same traffic, not counted.
// The floor: the same paced sender against a bare node:http server (bench/lib/bare-server.mjs), in
// blocks alternating with hookscope's, so both see the same moments of the machine; its
// send -> answer p99 is what this VM gives any HTTP round trip at that pacing.
import { Agent, type IncomingMessage, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { startBareChild, startHookscopeChild } from '../lib/children.js';
import { pusherBatch } from '../lib/payload.js';
import { round, summary } from '../lib/stats.js';

export interface LiveResult {
  status: 'ok' | string;
  rate: number;
  viewers: number;
  sent: number;
  acked: number;
  achievedRps: number;
  fromSendMs: { p50: number; p99: number; n: number };
  fromAckMs: { p50: number; p99: number; n: number };
  /** Baseline: send-to-ack latency of the same requests (the capture round trip itself). */
  ackMs: { p50: number; p99: number; n: number };
  /** p50 capture-to-message over p50 send-to-ack. */
  ratio: number;
  /** A bare node:http server under the same paced sender, in alternating blocks: send -> answer. */
  bareAckMs: { p50: number; p99: number; n: number };
  /** p99 send -> message over the bare server's p99 send -> answer. */
  p99VsBare: number;
  missing: number;
  /** The server's longest event loop stall since start (hookscope_event_loop_delay_max_seconds), ms, read after the window. */
  worstStallMs: number;
  /** True when it was already that long before the window (after the warm-up): the window's worst was at most worstStallMs. */
  windowStallAtMost?: boolean;
  seconds: number;
}

/** Each summary starts with its id (server/store/request-row.ts toSummary). */
const SUMMARY_ID = /\{"id":(\d+),"bin":/g;

function openViewer(url: string, arrivals: Map<number, number>[]): Promise<WebSocket> {
  const seen = new Map<number, number>();
  arrivals.push(seen);
  const ws = new WebSocket(url, { perMessageDeflate: false });
  // Ids are read with a regex instead of JSON.parse: 10 viewers x 1,000 summaries/s parsed in full
  // would load this process (sender and viewers share one thread) more than the server.
  ws.on('message', (data) => {
    const t = performance.now();
    const text = String(data);
    if (!text.startsWith('{"type":"requests"')) return;
    for (const m of text.matchAll(SUMMARY_ID)) {
      const id = Number(m[1]);
      if (!seen.has(id)) seen.set(id, t);
    }
  });
  return new Promise((resolve, reject) => (ws.once('open', () => resolve(ws)), ws.once('error', reject)));
}

/** Seconds of the same traffic before the measured window. */
const WARMUP_SECONDS = 2;
/** The window is cut into this many hookscope blocks, each beside a bare block of the same length. */
const BLOCKS = 4;

async function worstStall(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  return Number(/^hookscope_event_loop_delay_max_seconds (\S+)$/m.exec(metrics)?.[1] ?? Number.NaN) * 1000;
}

export async function livePhase(rate = 1000, seconds = 6, viewers = 10): Promise<LiveResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  const hs = await startHookscopeChild(['--db', join(dir, 'live.db'), '--bin', 'live', '--max-requests', '100000']);
  const bare = await startBareChild();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const bareAgent = new Agent({ keepAlive: true, maxSockets: 64 });
  const arrivals: Map<number, number>[] = [];
  const sockets: WebSocket[] = [];
  try {
    const probe = await fetch(`${hs.url}/api/bins/live`);
    if (probe.status !== 200) return skipped(rate, viewers, 'skipped: bin API not available');
    const wsUrl = hs.url.replace(/^http/, 'ws') + '/api/bins/live/live';
    try {
      for (let i = 0; i < viewers; i++) sockets.push(await openViewer(wsUrl, arrivals));
    } catch {
      return skipped(rate, viewers, 'skipped: live socket not available');
    }
    // Distinct ~1 KiB Pusher batches (identical bodies would all be grouped as retries of one).
    const bodies = Array.from({ length: 200 }, (_, i) => pusherBatch(i));
    type Send = { sentAt: number; ackAt: number; id: number };
    const sends: Send[] = [];
    const bareSends: Send[] = [];
    // idOf: hookscope's request id from its answer; the bare server has none, any 200 counts.
    type IdOf = (res: IncomingMessage) => number;
    const target = (url: string, agentOf: Agent, into: Send[], idOf: IdOf) => ({ url: new URL(url), agent: agentOf, into, idOf });
    const toHookscope = target(`${hs.url}/h/live`, agent, sends, (res) => Number(res.headers['x-hookscope-request-id'] ?? 0));
    const toBare = target(`${bare.url}/`, bareAgent, bareSends, (res) => (res.statusCode === 200 ? 1 : 0));
    let sequence = 0;
    const one = (to: ReturnType<typeof target>): Promise<void> =>
      new Promise((resolve) => {
        const rec: Send = { sentAt: performance.now(), ackAt: Number.NaN, id: 0 };
        to.into.push(rec);
        const body = bodies[sequence++ % bodies.length];
        const headers = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
        const u = to.url;
        const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent: to.agent, headers }, (res) => {
          rec.ackAt = performance.now();
          rec.id = to.idOf(res);
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', () => resolve());
        req.end(body);
      });
    // Paced open loop: every 5 ms, send what the schedule says is due.
    const paced = async (to: ReturnType<typeof target>, secs: number): Promise<number> => {
      const from = to.into.length;
      const total = from + rate * secs;
      const start = performance.now();
      const inflight: Promise<void>[] = [];
      await new Promise<void>((done) => {
        const timer = setInterval(() => {
          const due = Math.min(total, from + Math.floor(((performance.now() - start) / 1000) * rate));
          while (to.into.length < due) inflight.push(one(to));
          if (to.into.length >= total) (clearInterval(timer), done());
        }, 5);
      });
      await Promise.all(inflight);
      return (performance.now() - start) / 1000;
    };
    // Warm-up at the same rate, not counted (the first seconds compile the capture and live paths); the
    // server's worst stall is read after it, so a stall in the window shows as a larger maximum.
    await paced(toHookscope, WARMUP_SECONDS);
    await paced(toBare, 1);
    await new Promise((r) => setTimeout(r, 200));
    sends.length = 0;
    bareSends.length = 0;
    for (const seen of arrivals) seen.clear();
    const stallBefore = await worstStall(hs.url);
    // BLOCKS blocks each: hookscope's seconds in total as asked, the bare server's the same.
    let elapsed = 0;
    // Strictly alternating (not ABBA): two bare blocks in a row would leave hookscope idle long enough for
    // its idle GC (server/memory/idle-gc.ts, 6 s), which a continuous load never sees.
    for (let b = 0; b < BLOCKS; b++) {
      elapsed += await paced(toHookscope, seconds / BLOCKS);
      await paced(toBare, seconds / BLOCKS);
    }
    await new Promise((r) => setTimeout(r, 500)); // let the last messages land
    const fromSend: number[] = [];
    const fromAck: number[] = [];
    let missing = 0;
    for (const s of sends) {
      if (!s.id) continue;
      for (const seen of arrivals) {
        const t = seen.get(s.id);
        if (t === undefined) missing++;
        else (fromSend.push(t - s.sentAt), fromAck.push(t - s.ackAt));
      }
    }
    const stallAfter = await worstStall(hs.url);
    // The server keeps its maximum since start: a larger one after the window happened in it; an equal
    // one means the window's worst was at most that (windowStallAtMost).
    const worstStallMs = round(stallAfter, 1);
    const windowStallAtMost = stallAfter <= stallBefore;
    const acked = sends.filter((s) => s.id > 0);
    const ack = summary(acked.map((s) => s.ackAt - s.sentAt));
    const send = summary(fromSend);
    const bareAck = summary(bareSends.filter((s) => s.id > 0).map((s) => s.ackAt - s.sentAt));
    return {
      status: 'ok', rate, viewers, sent: sends.length, acked: acked.length, achievedRps: Math.round(sends.length / elapsed),
      fromSendMs: send, fromAckMs: summary(fromAck), ackMs: ack, ratio: round(send.p50 / ack.p50), bareAckMs: bareAck,
      p99VsBare: round(send.p99 / bareAck.p99, 2), missing, worstStallMs, windowStallAtMost, seconds,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    agent.destroy();
    bareAgent.destroy();
    await Promise.all([hs.stop(), bare.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function skipped(rate: number, viewers: number, status: string): LiveResult {
  const none = { p50: Number.NaN, p99: Number.NaN, n: 0 };
  return {
    status, rate, viewers, sent: 0, acked: 0, achievedRps: 0, fromSendMs: none, fromAckMs: none, ackMs: none, ratio: Number.NaN,
    bareAckMs: none, p99VsBare: Number.NaN, missing: 0, worstStallMs: Number.NaN, seconds: 0,
  };
}
