// Export and import in the viewer (issue 18), in Debian's Chromium: the bin page's Export links
// download a HAR (valid by har-validator) and an NDJSON file; the home page's Import form loads that
// file into another bin, which then shows the same request with its events.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { har as validateHar } from 'har-validator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope } from '../../server/start.js';
import { ensureViewerBuilt, launchChromium, loadFixture, screenshotDir, send, viewerRoot } from './e2e-helpers.js';

let server: HookscopeServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'hookscope-e2e-archive-'));
const batch = loadFixture('soketi/batched.json');

beforeAll(async () => {
  ensureViewerBuilt();
  mkdirSync(screenshotDir, { recursive: true });
  server = await startHookscope({ port: 0, db: ':memory:', quiet: true, webRoot: viewerRoot });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function download(label: string): Promise<{ name: string; path: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.export-links a:text-is("${label}")`)]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

describe('export and import in the viewer (Chromium)', () => {
  it('downloads the bin as HAR and as NDJSON from the bin page', async () => {
    expect(await send(`${server.url}/h/exp/hooks`, batch.request.method, batch.request.headers, batch.request.body)).toBe(200);
    await page.goto(`${server.url}/b/exp`);
    await page.locator('.req-row').first().waitFor();
    await page.screenshot({ path: join(screenshotDir, 'viewer-bin-export-light.png') });
    const har = await download('HAR');
    expect(har.name).toBe('exp.har');
    const doc = JSON.parse(readFileSync(har.path, 'utf8')) as { log: { entries: { request: { postData: { text: string } } }[] } };
    await expect(validateHar(doc)).resolves.toBeDefined();
    expect(doc.log.entries.map((e) => e.request.postData.text)).toEqual([batch.request.body]);
    const ndjson = await download('NDJSON');
    expect(ndjson.name).toBe('exp.ndjson');
    expect(readFileSync(ndjson.path, 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it('imports the NDJSON file into another bin from the home page', async () => {
    await page.goto(server.url);
    await page.waitForSelector('form.import-form');
    await page.setInputFiles('form.import-form input[type=file]', join(dir, 'exp.ndjson'));
    expect(await page.inputValue('input[name=importBin]')).toBe('exp'); // suggested by the file name
    await page.fill('input[name=importBin]', 'exp-copy');
    await page.click('form.import-form button[type=submit]');
    await expect.poll(() => page.textContent('.import-done')).toContain('Imported 1 request from NDJSON.');
    await page.screenshot({ path: join(screenshotDir, 'viewer-home-import-light.png') });
    await page.click('.import-done a');
    await page.waitForURL(/\/b\/exp-copy$/);
    const row = page.locator('.req-row').first();
    await row.waitFor();
    await expect.poll(() => row.locator('.ev-chip').allTextContents()).toEqual(['channel_vacated×2', 'member_removed']);
    expect(await row.textContent()).toContain('/hooks');
    expect(await (await fetch(`${server.url}/api/bins/exp-copy/requests`)).json()).toMatchObject({ requests: [{ path: '/h/exp-copy/hooks' }] });
  });

  it('logged no CSP violation and no page error', () => {
    expect(problems).toEqual([]);
  });

  it('says why a file cannot be imported (the 400 is the only console error)', async () => {
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'hello');
    await page.goto(server.url);
    await page.setInputFiles('form.import-form input[type=file]', bad);
    await page.fill('input[name=importBin]', 'never');
    await page.click('form.import-form button[type=submit]');
    await expect.poll(() => page.textContent('form.import-form [role=alert]')).toContain('expected a HAR 1.2 file');
    expect((await fetch(`${server.url}/api/bins/never`)).status).toBe(404);
    expect(problems).toEqual(['console error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});
