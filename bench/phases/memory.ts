// Memory under a slow live client: a WebSocket viewer that never reads (its TCP socket is paused
// after the handshake) while the server ingests at full speed. Baseline: the same ingest with no
// viewer. Peak RSS of each, sampled every 200 ms, and whether the server dropped the slow client.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssOf, type Running, startHookscopeChild } from '../lib/children.js';
import { pusherBatch, signedHeaders } from '../lib/payload.js';
import { mb, round } from '../lib/stats.js';

export interface MemoryResult {
  seconds: number;
  baselinePeakMb: number;
  slowClientPeakMb: number;
  ratio: number;
  slowClientDropped: boolean;
  liveClientsAfter: number;
}

/** Handshake by hand, then stop reading: the kernel buffers fill and the server must cope. */
function slowViewer(url: string, bin: string): Promise<Socket> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => {
      socket.write(
        `GET /api/bins/${bin}/live HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.once('data', (chunk: Buffer) => {
      if (!chunk.toString('latin1').startsWith('HTTP/1.1 101')) return reject(new Error('upgrade refused'));
      socket.pause();
      resolve(socket);
    });
    socket.on('error', () => {});
  });
}

async function peakDuringIngest(hs: Running, bin: string, seconds: number): Promise<number> {
  const body = pusherBatch(3);
  let peak = rssOf(hs.pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(hs.pid))), 200);
  try {
    await autocannon({ url: `${hs.url}/h/${bin}`, connections: 50, duration: seconds, method: 'POST', headers: signedHeaders(body), body });
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssOf(hs.pid));
}

async function liveClients(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^hookscope_live_clients (\d+)$/m.exec(text)?.[1] ?? -1);
}

export async function memoryPhase(seconds = 6): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-bench-'));
  try {
    const base = await startHookscopeChild(['--db', join(dir, 'a.db'), '--bin', 'mem']);
    const baselinePeak = await peakDuringIngest(base, 'mem', seconds).finally(() => base.stop());
    const hs = await startHookscopeChild(['--db', join(dir, 'b.db'), '--bin', 'mem']);
    try {
      const viewer = await slowViewer(hs.url, 'mem');
      const slowPeak = await peakDuringIngest(hs, 'mem', seconds);
      const after = await liveClients(hs.url);
      viewer.destroy();
      return {
        seconds,
        baselinePeakMb: mb(baselinePeak),
        slowClientPeakMb: mb(slowPeak),
        ratio: round(slowPeak / baselinePeak, 2),
        slowClientDropped: after === 0,
        liveClientsAfter: after,
      };
    } finally {
      await hs.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
