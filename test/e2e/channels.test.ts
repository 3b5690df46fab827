// The Channels panel in real Chromium: a presence member joins and leaves while the page is open and
// the panel follows live (the socket's `channels` message, no reload); anomalies are marked; a
// timeline row leads to its request; payload text stays text.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope } from '../../server/start.js';
import { ensureViewerBuilt, launchChromium, screenshotDir, send, viewerRoot } from './e2e-helpers.js';

let server: HookscopeServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

async function deliver(events: Record<string, unknown>[]): Promise<void> {
  const body = JSON.stringify({ time_ms: Date.now(), events });
  const headers = {
    'Content-Type': 'application/json',
    'User-Agent': 'SoketiWebhooksAxiosClient/1.0 (Process: 7)',
    'X-Pusher-Key': 'app-key',
    'X-Pusher-Signature': createHmac('sha256', 'app-secret').update(body).digest('hex'),
  };
  expect(await send(`${server.url}/h/ch-e2e`, 'POST', headers, body)).toBe(200);
}

const members = () => page.locator('.ch-detail [data-testid=members] li .ch-user').allTextContents();
const row = (name: string) => page.locator(`.ch-row[data-channel="${name}"]`);

beforeAll(async () => {
  ensureViewerBuilt();
  mkdirSync(screenshotDir, { recursive: true });
  server = await startHookscope({ port: 0, db: ':memory:', quiet: true, webRoot: viewerRoot });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1300, height: 800 } })).newPage();
  page.setDefaultTimeout(8000);
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('Channels panel (Chromium)', () => {
  it('shows a member joining and leaving live', async () => {
    await deliver([{ name: 'channel_occupied', channel: 'presence-room-1' }, { name: 'member_added', channel: 'presence-room-1', user_id: 'alice' }]);
    await page.goto(`${server.url}/b/ch-e2e`);
    await page.waitForSelector('.conn[data-state=live]');
    await page.click('.view-tabs [data-view=channels]');
    await expect.poll(() => page.url()).toMatch(/view=channels/);
    await row('presence-room-1').click();
    await expect.poll(members).toEqual(['alice']);
    expect(await row('presence-room-1').getAttribute('data-occupied')).toBe('true');

    await deliver([{ name: 'member_added', channel: 'presence-room-1', user_id: 'bob' }]);
    await expect.poll(members).toEqual(['alice', 'bob']);
    await expect.poll(() => row('presence-room-1').locator('.ch-members').textContent()).toBe('2 members');

    await deliver([{ name: 'member_removed', channel: 'presence-room-1', user_id: 'alice' }]);
    await expect.poll(members).toEqual(['bob']);
    await page.screenshot({ path: join(screenshotDir, 'channels-member-left.png') });

    await deliver([{ name: 'member_removed', channel: 'presence-room-1', user_id: 'bob' }, { name: 'channel_vacated', channel: 'presence-room-1' }]);
    await page.waitForSelector('[data-testid=no-members]');
    await expect.poll(() => page.textContent('[data-testid=channel-occupied]')).toBe('not occupied');
    expect(await row('presence-room-1').getAttribute('data-occupied')).toBe('false');
  });

  it('marks anomalies, keeps hostile names as text, and a timeline row opens its request', async () => {
    const hostile = 'presence-<img src=x onerror=alert(1)>';
    await deliver([{ name: 'member_removed', channel: hostile, user_id: '<b>ghost</b>' }]);
    await row(hostile).waitFor();
    await expect.poll(() => row(hostile).locator('.ch-anomaly').textContent()).toBe('⚠ 1');
    await row(hostile).click();
    await page.waitForSelector('.ch-anomaly-row[data-kind=member_removed_not_present]');
    expect(await page.locator('.ch-title').textContent()).toBe(hostile);
    expect(await page.locator('.ch-detail img').count()).toBe(0);
    expect(await page.locator('.ch-timeline tr.anomalous').count()).toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'channels-anomaly.png') });

    await page.locator('.ch-timeline tr.anomalous .link-btn').click();
    await page.waitForSelector('.detail[data-id] .tabs');
    await expect.poll(() => page.url()).not.toMatch(/view=channels/);
    expect(await page.locator('.detail').getAttribute('data-id')).toMatch(/^\d+$/);
    expect(problems).toEqual([]);
  });

  it('draws the timing chart with uPlot under the CSP', async () => {
    await page.click('.view-tabs [data-view=channels]');
    await page.waitForSelector('.timing [data-testid=sender]');
    expect(await page.textContent('.timing [data-testid=sender]')).toBe('soketi');
    await page.waitForSelector('.timing-chart canvas');
    expect(problems).toEqual([]);
  });
});
