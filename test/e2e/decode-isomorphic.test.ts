// The same decoder module gives the same answer in Node and in the browser: the built hookscope/core
// (dist/core, the package's ./core export, which the viewer and the client bundle too) decodes a few
// hundred generated bodies (fast-check, fixed seed) in Node and in Debian's Chromium, and the results
// are compared byte for byte as JSON. Compressed bodies go through each side's own DecompressionStream.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BodyCase, bodyCase } from '../property-arbitraries.js';
import { launchChromium } from './e2e-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const entry = join(dist, 'core/decode/index.js');

/** Builds dist/ with tsc when core/ changed since (npm test builds first anyway). */
function ensureCoreBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(...execFileSync('find', [dir, '-name', '*.ts', '-newer', entry], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => statSync(f).mtimeMs), 0);
  if (existsSync(entry) && newest(join(root, 'core')) === 0) return;
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
}

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  ensureCoreBuilt();
  // dist/ over http, so the browser imports the very files Node imports.
  server = createServer((req, res) => {
    const path = normalize(join(dist, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(dist) || !existsSync(path) || statSync(path).isDirectory()) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': extname(path) === '.js' ? 'text/javascript' : 'text/html' }).end(readFileSync(path));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

/** Runs in the page over globalThis.cases: the same calls as on the Node side. */
const BROWSER_RUN = `(async () => {
  const m = await import('/core/decode/index.js');
  const out = [];
  for (const c of globalThis.cases) {
    const input = { body: Uint8Array.from(c.body), contentType: c.contentType, contentEncoding: c.contentEncoding };
    out.push(JSON.stringify([c.contentEncoding ? null : m.decodeBody(input), await m.decodeBodyAsync(input)]));
  }
  return out;
})()`;

interface Wire {
  body: number[];
  contentType: string | null;
  contentEncoding: string | null;
}

function samples(): Wire[] {
  const generated = fc.sample(bodyCase, { numRuns: 300, seed: 19 });
  const json = new TextEncoder().encode(JSON.stringify({ time_ms: 1, events: [{ name: 'member_added', channel: 'presence-a', user_id: '7' }] }));
  const compressed: BodyCase[] = [
    { body: gzipSync(json), contentType: 'application/json', contentEncoding: 'gzip' },
    { body: deflateSync(json), contentType: 'application/json', contentEncoding: 'deflate' },
    { body: gzipSync(gzipSync(json)), contentType: 'application/json', contentEncoding: 'gzip, gzip' },
  ];
  return [...generated, ...compressed].map((c) => ({ body: [...c.body], contentType: c.contentType, contentEncoding: c.contentEncoding ?? null }));
}

describe('decoders in Node and in Chromium', () => {
  it('give the same result for the same bytes, the built module on both sides', async () => {
    const cases = samples();
    const core = (await import(pathToFileURL(entry).href)) as typeof import('../../core/decode/index.js');
    const inNode = await Promise.all(
      cases.map(async (c) => {
        const input = { body: Uint8Array.from(c.body), contentType: c.contentType, contentEncoding: c.contentEncoding };
        return JSON.stringify([c.contentEncoding ? null : core.decodeBody(input), await core.decodeBodyAsync(input)]);
      }),
    );
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/core/index.js`);
      // As source text: vitest rewrites import() in test code, and this one must run in the page.
      await page.evaluate((all) => void ((globalThis as { cases?: Wire[] }).cases = all), cases);
      const inBrowser = (await page.evaluate(BROWSER_RUN)) as string[];
      expect(inBrowser.length).toBe(cases.length);
      const differ = inBrowser.map((b, i) => (b === inNode[i] ? null : { i, node: inNode[i].slice(0, 300), browser: b.slice(0, 300) })).filter(Boolean);
      expect(differ).toEqual([]);
      // Not a vacuous comparison: events were decoded, and the compressed ones inflated.
      expect(inNode.filter((r) => r.includes('"member_added"')).length).toBeGreaterThan(3);
      expect(inNode.slice(-3).every((r) => r.includes('decoded Content-Encoding'))).toBe(true);
    } finally {
      await page.close();
    }
  }, 120_000);
});
