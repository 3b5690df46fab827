// The viewer under load in real Chromium: an 8 MB batch of 30,000 events opens and switches tabs about
// as fast as an empty request opens (timings are ratios against that, in the same run: never absolute),
// the DOM stays a window of rows, and a page open during a flood of live requests keeps up with it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope } from '../../server/start.js';
import { ensureViewerBuilt, launchChromium, send, viewerRoot } from './e2e-helpers.js';
import { bigBatch, domNodes, flood, READY, shownAt, timeUntil } from './viewer-load.js';

let server: HookscopeServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

/**
 * The old viewer took 300-600x an empty request's opening for the big batch. The new one measured
 * 20-47x: moving 8 MB slows more under load than the tiny baseline does, so the bound leaves room.
 */
const OPEN_RATIO = 120;
/**
 * Tab switches (old: Events 13.8 s, Raw 2.1 s, Body 1.0 s, against 0.06-0.09 s for an empty request:
 * 16-230x). Pretty formats the whole 8 MB once and measured 10.7x on a machine at load 6.
 */
const SWITCH_RATIO = 15;
/** Elements in the page at most (old: 330,000 with the big batch open). */
const MAX_NODES = 3000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

beforeAll(async () => {
  ensureViewerBuilt();
  server = await startHookscope({ port: 0, db: ':memory:', quiet: true, webRoot: viewerRoot });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1300, height: 860 } })).newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('viewer under load (Chromium)', () => {
  it('opens an 8 MB batch of 30,000 events and switches its tabs about as fast as an empty request opens', async () => {
    const body = bigBatch(30_000);
    expect(body.length).toBeGreaterThan(8_000_000);
    const json = { 'Content-Type': 'application/json' };
    for (let i = 0; i < 3; i++) expect(await send(`${server.url}/h/big`, 'POST', {}, '')).toBe(200);
    expect(await send(`${server.url}/h/big`, 'POST', json, body)).toBe(200);
    await page.goto(`${server.url}/b/big`);
    await page.waitForSelector('.req-row[data-id="4"]');
    // The baseline: opening an empty request (median of three, after a warm-up).
    const empty: number[] = [];
    for (const id of [1, 2, 3, 1, 2, 3]) empty.push(await timeUntil(page, id, { select: id }, READY.empty));
    const baseline = median(empty.slice(3));

    const open = await timeUntil(page, 4, { select: 4 }, READY.events);
    expect(await page.locator('.detail .tabs button[data-tab=events]').textContent()).toBe('Events 30000');
    const nodes = [await domNodes(page)];
    const tab = (t: string) => ({ click: `.tabs button[data-tab=${t}]` });
    const switches: Record<string, number> = {};
    switches.body = await timeUntil(page, 4, tab('body'), READY.body);
    nodes.push(await domNodes(page));
    switches.events = await timeUntil(page, 4, tab('events'), READY.events);
    switches.bodyAgain = await timeUntil(page, 4, tab('body'), READY.body);
    for (const [name, selector] of [['Raw', READY.raw], ['Hex', READY.hex], ['Pretty', '.body-content[data-mode=pretty] .raw-line']] as const) {
      switches[name] = await page.evaluate(`(async () => {
        const t0 = performance.now();
        [...document.querySelectorAll('.subtabs button')].find((b) => b.textContent === ${JSON.stringify(name)}).click();
        while (!document.querySelector('.detail ${selector}')) await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(r));
        await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t0;
      })()`);
      nodes.push(await domNodes(page));
    }
    const figures = { baseline, open, ...switches, nodes };
    expect(open / baseline, JSON.stringify(figures)).toBeLessThan(OPEN_RATIO);
    for (const [name, ms] of Object.entries(switches)) expect(ms / baseline, `${name}: ${JSON.stringify(figures)}`).toBeLessThan(SWITCH_RATIO);
    expect(Math.max(...nodes), JSON.stringify(figures)).toBeLessThan(MAX_NODES);
  }, 120_000);

  it('scrolls to the last of the 30,000 events and opens it', async () => {
    await page.click('.tabs button[data-tab=events]');
    await page.locator('.events-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const last = page.locator('tr.ev-row', { hasText: '30000' });
    // Rows are measured as they render, so the first jump to the end may land short of it.
    await expect.poll(async () => {
      await page.locator('.events-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return last.count();
    }).toBe(1);
    await last.click();
    await page.waitForSelector('.ev-detail .json-tree .jt-line');
    expect(await page.locator('.ev-detail .json-tree').first().textContent()).toContain('message 29999');
    expect(await domNodes(page)).toBeLessThan(MAX_NODES);
  });

  it('keeps up with a flood of live requests: caught up soon after, its main thread answering meanwhile', async () => {
    expect(await send(`${server.url}/h/flood`, 'POST', {}, '')).toBe(200);
    await page.goto(`${server.url}/b/flood`);
    await page.waitForSelector('.conn[data-state=live]');
    // The baseline: one request when nothing else happens, send to shown.
    const sentAt = Date.now();
    const res = await fetch(`${server.url}/h/flood`, { method: 'POST' });
    const single = (await shownAt(page, Number(res.headers.get('x-hookscope-request-id')))) - sentAt;
    const seconds = 5;
    const f = await flood(page, `${server.url}/h/flood`, 1000, seconds);
    expect(f.acked).toBe(f.sent);
    const catchUp = (await shownAt(page, f.lastId)) - f.endedAt;
    const lag = [...f.pageLagMs].sort((x, y) => x - y);
    const lagP90 = lag[Math.floor(lag.length * 0.9)];
    const figures = JSON.stringify({ single, catchUp, achievedRps: f.achievedRps, lagP90, samples: lag.length, probeP50: median(f.probeMs), idleP50: median(f.idleProbeMs) });
    // The old viewer was still applying messages seconds after a flood ended (0.8-1.4 s per second of
    // flood: 4-7 s here). This one: 0.2-0.9 s, 1.09 s once in a CI run on a loaded VM; the bound (0.4 s
    // per second of flood) keeps that regression out without failing on the machine's slow moments.
    expect(catchUp, figures).toBeLessThan((seconds * 1000) * 0.4);
    // A task posted every 50 ms in the page waited p99 ~1.1 s with the old viewer (it was busy
    // applying messages); page.evaluate round trips (probeMs) are reported only: they also wait for
    // this process, which runs the server and the load here.
    expect(lagP90, figures).toBeLessThan((seconds * 1000) / 20);
    // Enough samples for that p90 to mean something. The probe posts its next task once the last ran,
    // so a page lagging ~130 ms (a slow VM) takes ~5 a second, the old viewer's ~1 s lags about one.
    expect(lag.length, figures).toBeGreaterThan(seconds * 3);
    expect(await page.locator('.req-row').count()).toBeLessThan(80);
  }, 120_000);

  it('logged no page error', () => {
    expect(problems).toEqual([]);
  });
});
