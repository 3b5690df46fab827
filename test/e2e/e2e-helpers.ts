// Browser-test helpers: a fresh viewer build, Debian's Chromium through playwright-core, and a
// sender that posts exact bytes with exact headers (node:http, no re-serialisation).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than web/ or core/ (npm test builds it first anyway). */
export function ensureViewerBuilt(): void {
  const index = join(root, 'dist/web/index.html');
  const sources = Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'core')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // NODE_ENV is "test" inside vitest, and vite honours it: the bundle would keep Preact's development
  // code (193 vs 148 KB) and `npm start` would then serve that build, as up to date.
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface Fixture {
  credentials: { app_key: string; secret: string };
  request: { method: string; headers: Record<string, string>; body: string };
}

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(root, 'test/fixtures', name), 'utf8')) as Fixture;
}

/** Sends exactly these headers (minus the ones node sets per connection) and body bytes. */
export function send(url: string, method: string, headers: Record<string, string>, body: string | Uint8Array): Promise<number> {
  const skip = new Set(['host', 'connection', 'content-length']);
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    for (const [name, value] of Object.entries(headers)) if (!skip.has(name.toLowerCase())) req.setHeader(name, value);
    req.setHeader('Content-Length', String(bytes.length));
    req.end(bytes);
  });
}

export const screenshotDir = join(root, 'test-results');
export const viewerRoot = join(root, 'dist/web');
