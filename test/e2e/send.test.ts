// "Send a test webhook" in real Chromium: the form plays soketi / sockudo / ts-broadcasting against the
// bin itself (signed with its stored secrets: the badge says valid) or a URL, the request appears live,
// and a passthrough bin shows the app's answer in the detail.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope } from '../../server/start.js';
import { type AppTarget, startAppTarget } from '../helpers/app-target.js';
import { ensureViewerBuilt, launchChromium, screenshotDir, viewerRoot } from './e2e-helpers.js';

let server: HookscopeServer;
let browser: Browser;
let page: Page;
let app: AppTarget;
const problems: string[] = [];

beforeAll(async () => {
  ensureViewerBuilt();
  mkdirSync(screenshotDir, { recursive: true });
  server = await startHookscope({ port: 0, db: ':memory:', quiet: true, webRoot: viewerRoot });
  app = await startAppTarget();
  const created = await fetch(`${server.url}/api/bins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'send-e2e', pusher: [{ key: 'app-key', secret: 'app-secret' }], secret: 'tsb-secret' }),
  });
  expect(created.status).toBe(201);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 860 } })).newPage();
  page.setDefaultTimeout(8000);
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await server?.close();
});

const panel = 'aside.send-panel';

/** Submits and waits for this send's outcome (the panel numbers them; a reopened panel starts at 1). */
async function sendFromForm(): Promise<void> {
  const shown = Number((await page.locator(`${panel} .send-outcome`).getAttribute('data-sent', { timeout: 100 }).catch(() => '0')) ?? 0);
  await page.click(`${panel} button[type=submit]`);
  await page.waitForSelector(`${panel} .send-outcome[data-sent="${shown + 1}"] .status-pill`);
}

describe('send a test webhook (Chromium)', () => {
  it('soketi member_added to this bin: appears live, signed valid with the bin secret', async () => {
    await page.goto(`${server.url}/b/send-e2e`);
    await page.waitForSelector('.conn[data-state=live]');
    await page.click('button[data-action=send-test]');
    await page.waitForSelector(panel);
    expect(await page.inputValue(`${panel} select[name=server]`)).toBe('soketi');
    expect(await page.inputValue(`${panel} select[name=event]`)).toBe('member_added');
    await page.fill(`${panel} input[name=userId]`, '42');
    await sendFromForm();
    expect(await page.textContent(`${panel} .send-outcome .status-pill`)).toBe('200');
    const row = page.locator('.req-row').first();
    await row.waitFor();
    await expect.poll(() => row.locator('.ev-chip').allTextContents()).toEqual(['member_added']);
    expect(await row.locator('.sig').getAttribute('data-status')).toBe('valid');
    await page.screenshot({ path: join(screenshotDir, 'viewer-send-panel-light.png') });
  });

  it('sockudo client_event: its lower-case header names in the detail', async () => {
    await page.selectOption(`${panel} select[name=server]`, 'sockudo');
    await page.selectOption(`${panel} select[name=event]`, 'client_event');
    await page.fill(`${panel} textarea[name=data]`, '{"typing": true}');
    await sendFromForm();
    await expect.poll(() => page.locator('.req-row').count()).toBe(2);
    const row = page.locator('.req-row').first();
    await expect.poll(() => row.locator('.ev-chip').allTextContents()).toEqual(['client_event']);
    await page.click(`${panel} button[aria-label=Close]`);
    await row.click();
    await page.click('.tabs button[data-tab=headers]');
    const names = await page.locator('table.kv th').allTextContents();
    expect(names.slice(0, 3)).toEqual(['content-type', 'x-pusher-key', 'x-pusher-signature']);
    await page.click('button[data-action=send-test]');
    await page.waitForSelector(panel);
  });

  it('ts-broadcasting to a URL: the app gets it signed with the secret typed in', async () => {
    await page.selectOption(`${panel} select[name=server]`, 'ts-broadcasting');
    await page.selectOption(`${panel} select[name=event]`, 'subscribe');
    await page.check(`${panel} input[name=target][type=radio] >> nth=1`);
    await page.fill(`${panel} input[name=url]`, app.url);
    await page.fill(`${panel} input[name=secret]`, 'app-side-secret');
    await sendFromForm();
    await app.count(1);
    const body = app.caught[0].body.toString();
    expect(body).toMatch(/^\{"event":"subscribe","timestamp":\d+,"data":\{"socketId":"[^"]+","channel":"news"\},"signature":"[0-9a-f]{64}"\}$/);
    expect(app.caught[0].rawHeaders).toContain('ts-broadcasting/1.0');
  });

  it("a passthrough bin: the sender gets the app's answer, shown in the detail", async () => {
    app.answers.push({ status: 201, headers: [['Content-Type', 'text/plain'], ['X-App', 'yes']], body: 'hello from the app' });
    await fetch(`${server.url}/api/bins/send-e2e`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ forward: { url: app.url, mode: 'passthrough' } }),
    });
    await page.check(`${panel} input[name=target][type=radio] >> nth=0`);
    await page.fill(`${panel} input[name=secret]`, ''); // the bin's own secret again
    await page.selectOption(`${panel} select[name=server]`, 'soketi');
    await sendFromForm();
    expect(await page.textContent(`${panel} .send-outcome .status-pill`)).toBe('201');
    await expect.poll(() => page.locator('.req-row').count()).toBe(3);
    const row = page.locator('.req-row').first();
    await expect.poll(() => row.locator('.c-status').textContent()).toBe('201');
    expect(await row.locator('.c-status').getAttribute('title')).toMatch(/passthrough/);
    expect(await row.locator('.sig').getAttribute('data-status')).toBe('valid');
    await page.click(`${panel} button[aria-label=Close]`);
    await row.click();
    await page.click('.tabs button[data-tab=overview]');
    await page.waitForSelector('.forward-panel');
    expect(await page.textContent('[data-testid=upstream-status]')).toMatch(/^201 in \d+ ms$/);
    expect(await page.textContent('.forward-panel pre')).toBe('hello from the app');
    await page.screenshot({ path: join(screenshotDir, 'viewer-passthrough-detail-light.png') });
    expect(problems).toEqual([]);
  });
});
