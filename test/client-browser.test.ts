// The client in a real browser (Debian's Chromium through playwright-core): sdk/*.ts transpiled
// file by file and served as ES modules, nothing else. A runtime import of anything outside sdk/
// (node:*, core/) would 404 and fail the import. The page shares the server's origin, as the API
// grants no CORS (server/security/origin-middleware.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import type { HookscopeBin } from '../sdk/index.js';
import { launchChromium } from './e2e/e2e-helpers.js';
import { KEY, SECRET, memberAdded, occupied, sendPusher } from './client-helpers.js';

const sdkDir = fileURLToPath(new URL('../sdk/', import.meta.url));
let server: HookscopeServer;
let browser: Browser;
let page: Page;
const served: string[] = [];

function transpiled(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(sdkDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(sdkDir + file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    out.set(file.replace(/\.ts$/, '.js'), outputText);
  }
  return out;
}

beforeAll(async () => {
  server = await startHookscope({ port: 0, db: ':memory:', quiet: true });
  browser = await launchChromium();
  page = await browser.newPage();
  const modules = transpiled();
  await page.route(`${server.url}/__sdk/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice('/__sdk/'.length);
    served.push(name);
    if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: page_ });
    const code = modules.get(name);
    return code === undefined ? route.fulfill({ status: 404, body: 'not here' }) : route.fulfill({ contentType: 'text/javascript', body: code });
  });
  await page.goto(`${server.url}/__sdk/index.html`);
  await page.waitForFunction(() => 'sdk' in window, undefined, { timeout: 10_000 });
}, 60_000);

// The module is loaded by the page itself (page.evaluate's functions go through vitest's transform).
const page_ = `<!doctype html><title>sdk</title>
<script type="module">import * as sdk from './index.js'; window.sdk = sdk;</script>`;

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Win = { bin: HookscopeBin; sdk: typeof import('../sdk/index.js') };

it('creates a bin, waits for an event, rules one out and reports a miss, from a browser page', async () => {
  const url = await page.evaluate(async ([key, secret]) => {
    const { sdk } = window as unknown as Win;
    const bin = await sdk.hookscope(location.origin).createBin({ pusher: [{ key, secret }] });
    (window as unknown as Win).bin = bin;
    return bin.url;
  }, [KEY, SECRET]);
  expect(url).toMatch(new RegExp(`^${server.url}/h/`));

  const waited = page.evaluate(async () => {
    const e = await (window as unknown as Win).bin.waitForEvent({ name: 'member_added', channel: 'presence-1' }, { timeout: 5000 });
    return { userId: e.userId, signature: e.request.signature.status };
  });
  await sendPusher(url, [occupied('presence-1'), memberAdded('presence-1', '42')]);
  expect(await waited).toEqual({ userId: '42', signature: 'valid' });

  const outcomes = await page.evaluate(async () => {
    const { bin } = window as unknown as Win;
    await bin.expectNoEvent({ name: 'channel_vacated' }, { within: 100 });
    const miss = await bin.waitForEvent({ name: 'member_added', channel: 'presence-2' }, { timeout: 100, after: 0 }).catch((e: Error) => e);
    return { missName: (miss as Error).name, message: (miss as Error).message, requests: (await bin.requests()).length };
  });
  expect(outcomes).toEqual({
    missName: 'HookscopeWaitError',
    message: expect.stringContaining('member_added presence-1 user 42 (channel differs)'),
    requests: 1,
  });
  expect(served.filter((f) => !/^[a-z-]+\.(js|html)$/.test(f))).toEqual([]);
  expect(served).toContain('wait.js');
});
