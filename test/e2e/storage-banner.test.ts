// The viewer tells when hookscope's storage is full: a banner while /healthz is degraded (captures get
// 507 meanwhile), gone once hookscope took a write again. Driven with SQLite's max_page_count, the same
// SQLITE_FULL a full disk gives.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope } from '../../server/start.js';
import { sqliteDbOf } from '../../server/store/sqlite/sqlite-store.js';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { ensureViewerBuilt, launchChromium, screenshotDir, send, viewerRoot } from './e2e-helpers.js';

let server: HookscopeServer;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'hookscope-e2e-full-'));

beforeAll(async () => {
  ensureViewerBuilt();
  server = await startHookscope({ port: 0, db: join(dir, 'hookscope.db'), quiet: true, webRoot: viewerRoot });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('storage banner (Chromium)', () => {
  it('appears while the storage is full and goes once captures are stored again', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      expect(await send(`${server.url}/h/banner`, 'POST', {}, 'before')).toBe(200);
      await page.goto(`${server.url}/b/banner`);
      await page.waitForSelector('.conn[data-state=live]');
      expect(await page.locator('[data-testid=storage-banner]').count()).toBe(0);

      const db = sqliteDbOf(server.context.store);
      db.exec('VACUUM'); // no free page left either
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      expect(await send(`${server.url}/h/banner`, 'POST', {}, 'x'.repeat(50_000))).toBe(507);
      const banner = page.locator('[data-testid=storage-banner]');
      await banner.waitFor();
      expect(await banner.getAttribute('role')).toBe('alert');
      expect(await banner.textContent()).toMatch(/Storage problem: the disk or database is full .*507 storage_full/);
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: join(screenshotDir, 'viewer-storage-banner.png') });

      db.pragma('max_page_count = 1073741823');
      await banner.waitFor({ state: 'detached' });
      expect(await send(`${server.url}/h/banner`, 'POST', {}, 'after')).toBe(200);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
