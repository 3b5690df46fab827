// The viewer in Chromium against the built CLI: opening an 8 MB batch of 30,000 events and switching
// its tabs (ratios against opening an empty request, same page), DOM size, and a page open during a
// flood of 2-event batches (catch-up after it, main thread meanwhile). With `--viewer-baseline DIR`
// (a checkout of an older commit, built) the same figures are measured for that build in the same run.
import { spawn } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { launchChromium, send } from '../../test/e2e/e2e-helpers.js';
import { bigBatch, domNodes, flood, READY, shownAt, timeUntil } from '../../test/e2e/viewer-load.js';
import { type Running, root } from '../lib/children.js';
import { median, round, summary } from '../lib/stats.js';

export interface ViewerFigures {
  build: string;
  bodyBytes: number;
  emptyOpenMs: number;
  openMs: number;
  tabsMs: Record<string, number>;
  openRatio: number;
  worstTabRatio: number;
  maxDomNodes: number;
  flood: { rate: number; seconds: number; achievedRps: number; catchUpMs: number; probeP50Ms: number; idleProbeP50Ms: number; pageLagP99Ms: number };
}

export interface ViewerResult {
  current: ViewerFigures;
  baseline?: ViewerFigures;
}

function startCli(dir: string): Promise<Running> {
  const proc = spawn(process.execPath, [`${dir}/dist/server/cli.js`, '--port', '0', '--db', ':memory:'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /hookscope listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1], pid: proc.pid ?? 0, stop: async () => void proc.kill('SIGTERM') });
    });
    proc.once('exit', (code) => reject(new Error(`hookscope in ${dir} exited with ${code}: ${out}`)));
  });
}

async function measure(dir: string, events: number, rate: number, seconds: number): Promise<ViewerFigures> {
  const hs = await startCli(dir);
  // Launched inside the try: a browser that fails to start must not leave the server running (the
  // bench would print its error and then wait on the child for ever).
  let browser: Browser | null = null;
  try {
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 860 } })).newPage();
    page.setDefaultTimeout(120_000);
    const body = bigBatch(events);
    for (let i = 0; i < 3; i++) await send(`${hs.url}/h/big`, 'POST', {}, '');
    await send(`${hs.url}/h/big`, 'POST', { 'Content-Type': 'application/json' }, body);
    await page.goto(`${hs.url}/b/big`);
    await page.waitForSelector('.req-row[data-id="4"]');
    const empty: number[] = [];
    for (const id of [1, 2, 3, 1, 2, 3]) empty.push(await timeUntil(page, id, { select: id }, READY.empty));
    const emptyOpenMs = median(empty.slice(3));
    const openMs = await timeUntil(page, 4, { select: 4 }, READY.events);
    const nodes = [await domNodes(page)];
    const tabsMs: Record<string, number> = {};
    const steps: [string, string, string][] = [
      ['body', '.tabs button[data-tab=body]', READY.body],
      ['events', '.tabs button[data-tab=events]', READY.events],
      ['bodyAgain', '.tabs button[data-tab=body]', READY.body],
      ['raw', '.subtabs button:nth-child(3)', READY.raw],
      ['hex', '.subtabs button:nth-child(4)', READY.hex],
    ];
    for (const [name, click, ready] of steps) {
      tabsMs[name] = round(await timeUntil(page, 4, { click }, ready), 1);
      nodes.push(await domNodes(page));
    }
    await send(`${hs.url}/h/flood`, 'POST', {}, '');
    await page.goto(`${hs.url}/b/flood`);
    await page.waitForSelector('.conn[data-state=live]');
    await page.waitForSelector('.req-row');
    const f = await flood(page, `${hs.url}/h/flood`, rate, seconds);
    const catchUpMs = (await shownAt(page, f.lastId)) - f.endedAt;
    return {
      build: dir === root ? 'current' : dir,
      bodyBytes: body.length,
      emptyOpenMs: round(emptyOpenMs, 1),
      openMs: round(openMs, 1),
      tabsMs,
      openRatio: round(openMs / emptyOpenMs, 2),
      worstTabRatio: round(Math.max(...Object.values(tabsMs)) / emptyOpenMs, 2),
      maxDomNodes: Math.max(...nodes),
      flood: {
        rate, seconds, achievedRps: f.achievedRps, catchUpMs,
        probeP50Ms: summary(f.probeMs).p50, idleProbeP50Ms: summary(f.idleProbeMs).p50, pageLagP99Ms: summary(f.pageLagMs).p99,
      },
    };
  } finally {
    await browser?.close();
    await hs.stop();
  }
}

export async function viewerPhase(baselineDir: string | null, quick: boolean): Promise<ViewerResult> {
  const events = 30_000;
  const [rate, seconds] = quick ? [1000, 4] : [2000, 10];
  const current = await measure(root, events, rate, seconds);
  const baseline = baselineDir ? await measure(baselineDir, events, rate, seconds) : undefined;
  return baseline ? { current, baseline } : { current };
}
