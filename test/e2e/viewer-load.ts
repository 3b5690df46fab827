// Load for the viewer, shared by its browser test (test/e2e/viewer-load.test.ts) and the bench's viewer
// phase: a big soketi-shaped batch, in-page timings of opening a request and switching tabs, and a
// paced flood of small batches while a probe measures how fast the page's main thread answers.
import { Agent, request } from 'node:http';
import type { Page } from 'playwright-core';

/** A soketi-shaped batch of `count` events (~273 bytes each: 30,000 make ~8.2 MB). */
export function bigBatch(count: number): string {
  const events: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) {
    const room = `presence-room-${i % 500}`;
    if (i % 3 === 0) events.push({ name: 'member_added', channel: room, user_id: `user-${i % 997}` });
    else {
      const data = JSON.stringify({ text: `message ${i} `.padEnd(199, 'x'), at: 1_700_000_000_000 + i });
      events.push({ name: 'client_event', channel: `private-chat-${i % 211}`, event: 'client-typing', data, socket_id: `${1000 + (i % 89)}.${i}`, user_id: `user-${i % 997}` });
    }
  }
  return JSON.stringify({ time_ms: 1_700_000_000_000, events });
}

/** Where a view is ready: its content, not a placeholder (old and new viewer builds alike). */
export const READY = {
  events: '.detail-body .ev-row',
  body: '.detail-body .body-content[data-mode=tree] .jt-line',
  raw: '.detail-body .body-content[data-mode=raw] :is(pre, .raw-line)',
  hex: '.detail-body .body-content[data-mode=hex] .hex-dump',
  empty: '.detail-body :is(.pad, .body-content)',
} as const;

/**
 * In the page: runs `start` (a click), then waits until `selector` matches inside the detail of
 * request `id` and two frames have passed (so the work the click caused has rendered). Returns ms.
 */
export function timeUntil(page: Page, id: number, start: { click: string } | { select: number }, selector: string): Promise<number> {
  // A string, not a function: a transpiler's helpers (esbuild's __name) do not exist in the page.
  return page.evaluate(`(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const start = ${JSON.stringify(start)};
    const t0 = performance.now();
    const target = document.querySelector(start.click ?? '.req-row[data-id="' + start.select + '"]');
    if (!target) throw new Error('nothing to click: ' + JSON.stringify(start));
    if (start.click) target.click();
    else target.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }));
    const wanted = ${JSON.stringify(`.detail[data-id="${id}"] ${selector}`)};
    while (!document.querySelector(wanted)) {
      if (performance.now() - t0 > 120000) throw new Error(wanted + ' did not appear');
      await frame();
    }
    await frame();
    await frame();
    return performance.now() - t0;
  })()`);
}

export const domNodes = (page: Page): Promise<number> => page.evaluate(() => document.getElementsByTagName('*').length);

export interface FloodResult {
  sent: number;
  acked: number;
  achievedRps: number;
  lastId: number;
  /** Date.now() when the last answer arrived. */
  endedAt: number;
  /** Round trips of page.evaluate during the flood (the page's main thread answering), ms. */
  probeMs: number[];
  /** The same round trips while the page is idle, before the flood (the floor: CDP, this process). */
  idleProbeMs: number[];
  /** In the page: how long a task posted every 50 ms waited for the main thread, ms. */
  pageLagMs: number[];
}

/** In the page: a task posted every 50 ms records how long it waited; `stop` returns the waits. */
const LAG_START = `(() => {
  const lag = [];
  let on = true;
  const tick = () => {
    const t = performance.now();
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { lag.push(performance.now() - t); if (on) setTimeout(tick, 50); };
    ch.port2.postMessage(0);
  };
  tick();
  window.__hookscopeLag = () => { on = false; return lag; };
})()`;

/** A 2-event soketi batch, distinct per request (identical bodies would be grouped as retries). */
export function smallBatch(seq: number): string {
  return JSON.stringify({
    time_ms: 1_700_000_000_000 + seq,
    events: [
      { name: 'member_added', channel: `presence-room-${seq % 50}`, user_id: `user-${seq}` },
      { name: 'client_event', channel: `private-chat-${seq % 20}`, event: 'client-typing', data: `{"n":${seq}}`, socket_id: `1.${seq}` },
    ],
  });
}

/** Sends `rate` req/s for `seconds` (paced open loop) to `url` while probing the page every 50 ms. */
export async function flood(page: Page, url: string, rate: number, seconds: number): Promise<FloodResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const u = new URL(url);
  let sent = 0;
  let acked = 0;
  let lastId = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const body = smallBatch(sent++);
      const headers = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers }, (res) => {
        const id = Number(res.headers['x-hookscope-request-id'] ?? 0);
        if (id > 0) (acked++, (lastId = Math.max(lastId, id)));
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => resolve());
      req.end(body);
    });
  const idleProbeMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await page.evaluate(() => 0);
    idleProbeMs.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.evaluate(LAG_START);
  const probeMs: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const t = performance.now();
      await page.evaluate(() => 0);
      probeMs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const total = rate * seconds;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  try {
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
        while (sent < due) inflight.push(one());
        if (sent >= total) (clearInterval(timer), done());
      }, 5);
    });
    await Promise.all(inflight);
  } finally {
    probing = false;
    agent.destroy();
  }
  const endedAt = Date.now();
  const elapsed = (performance.now() - start) / 1000;
  await probe;
  const pageLagMs = (await page.evaluate('window.__hookscopeLag()')) as number[];
  return { sent, acked, achievedRps: Math.round(sent / elapsed), lastId, endedAt, probeMs, idleProbeMs, pageLagMs };
}

/** Date.now() in the page when the request list shows `id` (the page's own clock: same machine). */
export function shownAt(page: Page, id: number): Promise<number> {
  return page.evaluate(`(async () => {
    while (!document.querySelector('.req-row[data-id="${id}"]')) await new Promise((r) => requestAnimationFrame(r));
    return Date.now();
  })()`);
}
