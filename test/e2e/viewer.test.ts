// The viewer in real Chromium against a real hookscope: create a bin, watch a soketi batch arrive live,
// inspect it, filter, set a secret and see the badge turn valid; hostile payloads stay inert text.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope } from '../../server/start.js';
import { ensureViewerBuilt, launchChromium, loadFixture, screenshotDir, send, viewerRoot } from './e2e-helpers.js';

let server: HookscopeServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const dialogs: string[] = [];

const batch = loadFixture('soketi/batched.json');

async function shot(name: string, scheme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.screenshot({ path: join(screenshotDir, `viewer-${name}-${scheme}.png`) });
}

beforeAll(async () => {
  ensureViewerBuilt();
  mkdirSync(screenshotDir, { recursive: true });
  // webRoot explicit: run from source (tsx), the default root would find web/index.html (the unbuilt source).
  server = await startHookscope({ port: 0, db: ':memory:', quiet: true, webRoot: viewerRoot, maxRequests: 5000 });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('viewer (Chromium)', () => {
  it('creates a bin from the home page and lists it', async () => {
    await page.goto(server.url);
    await page.waitForSelector('form.create-form');
    await shot('home-empty');
    await shot('home-empty', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.fill('input[name=name]', 'e2e-app');
    await page.click('form.create-form button[type=submit]');
    await page.waitForURL(/\/b\/e2e-app$/);
    await page.waitForSelector('.conn[data-state=live]');
    expect(await page.textContent('[data-testid=capture-url]')).toBe(`${server.url}/h/e2e-app`);
    await page.waitForSelector('text=Waiting for the first request');
    await shot('bin-empty');
    await shot('bin-empty', 'dark');
  });

  it('shows a soketi batch live, with its three events and a "no secret" badge', async () => {
    const status = await send(`${server.url}/h/e2e-app`, batch.request.method, batch.request.headers, batch.request.body);
    expect(status).toBe(200);
    const row = page.locator('.req-row').first();
    await row.waitFor();
    await expect.poll(() => row.locator('.ev-chip').allTextContents()).toEqual(['channel_vacated×2', 'member_removed']);
    expect(await row.locator('.sig').textContent()).toBe('no secret');
    expect(page.url()).toMatch(/\/b\/e2e-app$/);

    await row.click();
    await page.waitForSelector('.detail[data-id] .tabs');
    const events = page.locator('table.events tr.ev-row');
    await expect.poll(() => events.count()).toBe(3);
    expect(await events.nth(2).textContent()).toContain('u-1');
    await shot('detail-events');
    await shot('detail-events', 'dark');
  });

  it('switches body views and shows headers in received order', async () => {
    await page.click('.tabs button[data-tab=body]');
    await page.waitForSelector('.body-content[data-mode=tree] .json-tree');
    await page.click('.subtabs button:text-is("Raw")');
    expect(await page.textContent('.body-content[data-mode=raw] pre')).toBe(batch.request.body);
    await page.click('.subtabs button:text-is("Hex")');
    await page.waitForSelector('.body-content[data-mode=hex] .hex-dump');
    expect(await page.textContent('.hex-dump')).toContain('7b 22 74 69 6d 65');
    await page.click('.subtabs button:text-is("Tree")');
    await shot('detail-body-tree', 'dark');
    await page.click('.tabs button[data-tab=headers]');
    const names = await page.locator('table.kv th').allTextContents();
    expect(names.indexOf('X-Pusher-Key')).toBeLessThan(names.indexOf('X-Pusher-Signature'));
    expect(names).toContain('X-Custom-Header');
  });

  it('filters by event name, reflected in the URL, and hides live requests that do not match', async () => {
    await send(`${server.url}/h/e2e-app/other?x=1`, 'POST', { 'Content-Type': 'application/json' }, '{"hello":"world"}');
    await expect.poll(() => page.locator('.req-row').count()).toBe(2);
    await page.fill('#filter-name', 'member_removed');
    await page.press('#filter-name', 'Enter');
    await page.waitForURL(/name=member_removed/);
    await expect.poll(() => page.locator('.req-row').count()).toBe(1);
    await send(`${server.url}/h/e2e-app/third`, 'PUT', { 'Content-Type': 'text/plain' }, 'not an event');
    await page.fill('#filter-name', '');
    await page.press('#filter-name', 'Enter');
    await expect.poll(() => page.locator('.req-row').count()).toBe(3);
    await expect.poll(() => page.url()).not.toContain('name=');
  });

  it('sets the bin secret from the detail and every badge turns valid', async () => {
    await page.locator('.req-row[data-id="1"]').click();
    await page.click('.tabs button[data-tab=overview]');
    await page.waitForSelector('.sig-panel-no_secret');
    await page.fill('.sig-panel input[name=pusherKey]', batch.credentials.app_key);
    await page.fill('.sig-panel input[name=pusherSecret]', batch.credentials.secret);
    await page.click('.sig-panel button[type=submit]');
    await page.waitForSelector('.req-row[data-id="1"] .sig[data-status=valid]');
    expect(await page.locator('.req-row[data-id="1"] .sig').textContent()).toBe('valid');
    await page.waitForSelector('.sig-panel-valid');
    await shot('detail-signature-valid');
    await page.click('button:text-is("Settings")');
    await page.waitForSelector('aside.settings');
    expect(await page.inputValue('aside.settings input[name=pusherKey]')).toBe(batch.credentials.app_key);
    await shot('settings', 'dark');
    await page.keyboard.press('Escape');
    await page.waitForSelector('aside.settings', { state: 'detached' });
  });

  it('explains an invalid signature with expected and received digests', async () => {
    const body = batch.request.body.replace('u-1', 'u-2');
    await send(`${server.url}/h/e2e-app`, 'POST', batch.request.headers, body);
    const row = page.locator('.req-row').first();
    await expect.poll(() => row.locator('.sig').textContent()).toBe('invalid');
    await row.click();
    await page.click('.tabs button[data-tab=overview]');
    await page.waitForSelector('.sig-panel-invalid .digests');
    expect(await page.textContent('.sig-panel-invalid .digests')).toContain(batch.request.headers['X-Pusher-Signature']);
    await shot('detail-signature-invalid');
    await shot('detail-signature-invalid', 'dark');
  });

  it('moves through requests with j/k, focuses search with /, closes with Esc', async () => {
    await page.locator('.req-row').first().click();
    const selected = () => page.locator('.req-row.selected').getAttribute('data-id');
    const first = await selected();
    await page.keyboard.press('j');
    await expect.poll(selected).not.toBe(first);
    await page.keyboard.press('k');
    await expect.poll(selected).toBe(first);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.shortcuts');
    expect(await page.locator('.req-row.selected').count()).toBe(0);
  });

  it('renders hostile payloads, paths and headers as inert text', async () => {
    const evil = '<script>window.__pwned=1;alert(1)</script><img src=x onerror="window.__pwned=2;alert(2)">';
    const payload = JSON.stringify({ time_ms: 1, events: [{ name: 'client_event', channel: evil, event: evil, data: JSON.stringify({ html: evil }) }] });
    await send(`${server.url}/h/e2e-app/%3Cscript%3Ealert(3)%3C/script%3E?q=${encodeURIComponent(evil)}`, 'POST', { 'Content-Type': 'application/json', 'X-Evil': evil }, payload);
    const row = page.locator('.req-row').first();
    await expect.poll(() => row.locator('.ev-chip').allTextContents()).toEqual(['client_event']);
    await row.click();
    await page.click('.tabs button[data-tab=events]');
    // A request with a single event shows it opened.
    await page.waitForSelector('.ev-detail .json-tree');
    await shot('detail-hostile', 'dark');
    for (const tab of ['body', 'headers', 'query', 'overview']) await page.click(`.tabs button[data-tab=${tab}]`);
    await page.click('.tabs button[data-tab=body]');
    await page.click('.subtabs button:text-is("Raw")');
    expect(await page.textContent('.body-content pre')).toBe(payload);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#app script, #app img[src=x]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('answers with the status set in Settings, and replays a request to another URL', async () => {
    await page.click('button:text-is("Settings")');
    await page.fill('aside.settings input[name=status]', '418');
    await page.click('aside.settings button:text-is("Save response")');
    await page.waitForSelector('aside.settings .ok-text');
    await page.keyboard.press('Escape');
    expect(await send(`${server.url}/h/e2e-app/teapot`, 'POST', {}, 'tea')).toBe(418);
    const row = page.locator('.req-row').first();
    await expect.poll(() => row.locator('.c-status').textContent()).toBe('418');

    const received: string[] = [];
    const target = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        received.push(`${req.method} ${req.headers['x-pusher-signature']} ${body}`);
        res.writeHead(202, { 'Content-Type': 'text/plain' }).end('accepted by the app');
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    try {
      await page.locator('.req-row[data-id="1"]').click();
      await page.click('button:text-is("Replay…")');
      await page.fill('input[name=replayUrl]', `http://127.0.0.1:${(target.address() as AddressInfo).port}/webhooks`);
      await page.click('form.replay button[type=submit]');
      await page.waitForSelector('.replay-outcome .status-pill');
      expect(await page.textContent('.replay-outcome .status-pill')).toBe('202');
      expect(await page.textContent('.replay-outcome pre')).toBe('accepted by the app');
      expect(received).toEqual([`POST ${batch.request.headers['X-Pusher-Signature']} ${batch.request.body}`]);
      await shot('detail-replay');
    } finally {
      target.close();
    }
  });

  it('stays a small window of rows with 1,500 requests and pages older ones on scroll', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector('table.bins');
    await page.fill('input[name=name]', 'many');
    await page.click('form.create-form button[type=submit]');
    await page.waitForSelector('.conn[data-state=live]');
    const url = `${server.url}/h/many`;
    for (let i = 0; i < 1500; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => send(`${url}/n${i + j}`, 'POST', { 'Content-Type': 'application/json' }, `{"n":${i + j}}`)));
    }
    await expect.poll(() => page.locator('.filter-count').textContent()).toBe('1,500 requests');
    expect(await page.locator('.req-row').count()).toBeLessThan(80);
    await page.reload();
    await page.waitForSelector('.req-row');
    const canvasHeight = () => page.locator('.req-canvas').evaluate((el) => el.getBoundingClientRect().height);
    const before = await canvasHeight();
    await page.locator('.req-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(canvasHeight).toBeGreaterThan(before);
    expect(await page.locator('.req-row').count()).toBeLessThan(80);
    await page.goto(`${server.url}/`);
    await page.waitForSelector('table.bins tr[data-bin=many]');
    await shot('home-bins');
    await shot('home-bins', 'dark');
  });

  it('logged no CSP violation and no page error', () => {
    expect(problems).toEqual([]);
  });
});

// The live list survives a server restart: the viewer shows "reconnecting", then resumes after the
// last id it saw and shows what arrived meanwhile, without a reload and without duplicates.
describe('viewer reconnects (Chromium)', () => {
  it('shows reconnecting while the server is down and resumes after the last id seen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookscope-e2e-'));
    const start = (port: number) => startHookscope({ port, db: join(dir, 'hookscope.db'), quiet: true, webRoot: viewerRoot });
    let own = await start(0);
    const tab = await context.newPage();
    tab.setDefaultTimeout(10_000);
    try {
      const json = { 'Content-Type': 'application/json' };
      await send(`${own.url}/h/resume`, 'POST', json, '{"n":1}');
      await tab.goto(`${own.url}/b/resume`);
      await tab.waitForSelector('.conn[data-state=live]');
      await send(`${own.url}/h/resume`, 'POST', json, '{"n":2}');
      await expect.poll(() => tab.locator('.req-row').count()).toBe(2);

      const port = own.port;
      await own.close();
      await tab.waitForSelector('.conn[data-state=reconnecting], .conn[data-state=offline]');
      own = await start(port);
      // Sent while the viewer is still waiting to reconnect: it arrives through the ?after= replay.
      await send(`${own.url}/h/resume`, 'POST', json, '{"n":3}');
      await tab.waitForSelector('.conn[data-state=live]');
      await send(`${own.url}/h/resume`, 'POST', json, '{"n":4}');
      const ids = () => tab.locator('.req-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
      await expect.poll(ids).toEqual(['4', '3', '2', '1']);
    } finally {
      await tab.close();
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
