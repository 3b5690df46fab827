// The published package, as another project gets it: `npm pack`, install the tarball into a fresh
// directory, then use `hookscope/client`, `hookscope/server` and the `hookscope` bin from there.
//
// Why not a plain `npm install <tarball>`: better-sqlite3 compiles from source on install (1-2 min,
// prebuilt binaries are often unreachable), which is not what this test is about. So the tarball is
// installed with --ignore-scripts (offline from the npm cache when it can, else from the registry),
// then node_modules/better-sqlite3 is replaced by a link to this checkout's already built copy (the
// whole package, so its JS and native binary always match). Everything else - hookscope's files,
// its `exports`, `bin` and dependency declarations - is exactly what a user would get.
// The tarball is packed with --ignore-scripts from the dist/ that `npm test` just built (prepack
// would rebuild it); the tsc run below keeps it current when this file is run on its own.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = join(root, 'node_modules/.bin/tsc');
const dir = mkdtempSync(join(tmpdir(), 'hookscope-pack-'));
const app = join(dir, 'app');
let files: string[] = [];
let tarball = '';

// npm's lifecycle variables from an outer `npm test` must not leak into the inner npm commands.
// Nor the outer vitest's worker variables into the example's own vitest run.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_(lifecycle|package)_|VITEST)/.test(k)));

function run(cmd: string, args: string[], cwd: string, timeout = 40_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env, timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

async function install(): Promise<void> {
  const args = ['install', tarball, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  try {
    await run('npm', [...args, '--offline'], app);
  } catch {
    await run('npm', [...args, '--prefer-offline'], app);
  }
  rmSync(join(app, 'node_modules/better-sqlite3'), { recursive: true, force: true });
  symlinkSync(join(root, 'node_modules/better-sqlite3'), join(app, 'node_modules/better-sqlite3'), 'dir');
}

beforeAll(async () => {
  // Errors in files being edited elsewhere do not stop tsc from emitting; the asserts below decide.
  await run(tsc, ['-p', 'tsconfig.build.json'], root, 50_000).catch(() => undefined);
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir, '--loglevel=error'], root);
  const info = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  files = info[0].files.map((f) => f.path);
  tarball = join(dir, info[0].filename);
  writeFileSync(join(dir, 'package.json'), '{}');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await install();
}, 90_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed package', () => {
  it('ships built JavaScript with types, and no sources, tests, fixtures or build leftovers', () => {
    for (const f of ['package.json', 'README.md', 'dist/sdk/index.js', 'dist/sdk/index.d.ts', 'dist/server/index.js', 'dist/server/index.d.ts', 'dist/server/cli.js', 'dist/core/wire.d.ts']) {
      expect(files, f).toContain(f);
    }
    const unexpected = files.filter((f) => !/^dist\/.*\.(js|d\.ts|html|css|svg|ico|png|woff2?|json)$/.test(f) && f !== 'package.json' && f !== 'README.md');
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /\.test\.|fixtures|\.map$|tsbuildinfo|^(server|core|sdk|web|test)\//.test(f))).toEqual([]);
  });

  it('imports hookscope/client and hookscope/server from plain Node ESM, captures and closes cleanly', async () => {
    writeFileSync(join(app, 'check.mjs'), consumerScript);
    // The child must exit by itself: server.close() has to release every socket, timer and the db.
    const { stdout } = await run(process.execPath, ['check.mjs'], app, 20_000);
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
    expect(out).toMatchObject({ status: 200, count: 1, signature: 'valid', eventNames: ['member_added'], clientFile: expect.stringContaining('/node_modules/hookscope/dist/sdk/') });
    expect(out.waited).toEqual({ name: 'member_added', channel: 'presence-1', userId: '7', signature: 'valid' });
  });

  it('runs the README example (examples/vitest: globalSetup + client) in the consumer project', async () => {
    const example = join(app, 'example');
    cpSync(join(root, 'examples/vitest'), example, { recursive: true });
    // The consumer would have these as its own devDependencies.
    mkdirSync(join(app, 'node_modules/@types'), { recursive: true });
    // (@types/node may already be there: hookscope's @types/better-sqlite3 dependency brings it.)
    for (const dep of ['vitest', '@types/node']) {
      if (!existsSync(join(app, 'node_modules', dep))) symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
    }
    await run(tsc, ['-p', 'tsconfig.json'], example);
    const vitest = join(root, 'node_modules/vitest/vitest.mjs');
    const { stdout } = await run(process.execPath, [vitest, 'run', '--config', 'vitest.config.ts', '--reporter', 'json'], example, 40_000);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { numPassedTests: number; numFailedTests: number };
    expect(report).toMatchObject({ numFailedTests: 0, numPassedTests: 5 });
  });

  it('runs examples/playwright (a Playwright fixture: hookscope per worker, a bin per test) in Debian\'s chromium', async () => {
    const example = join(app, 'playwright-example');
    cpSync(join(root, 'examples/playwright'), example, { recursive: true });
    for (const dep of ['@playwright/test', 'playwright', 'playwright-core', '@types/node']) {
      mkdirSync(join(app, 'node_modules', dirname(dep)), { recursive: true });
      if (!existsSync(join(app, 'node_modules', dep))) symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
    }
    await run(tsc, ['-p', 'tsconfig.json'], example);
    const cli = join(app, 'node_modules/@playwright/test/cli.js');
    const { stdout } = await run(process.execPath, [cli, 'test', '-c', 'playwright.config.ts', '--reporter=json'], example, 90_000);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { stats: { expected: number; unexpected: number; flaky: number } };
    expect(report.stats).toMatchObject({ expected: 2, unexpected: 0, flaky: 0 });
  }, 120_000);

  it('installs the hookscope bin, executable', async () => {
    const help = await run('npx', ['--no', '--', 'hookscope', '--help'], app, 20_000);
    expect(help.stdout).toMatch(/^Usage: hookscope/);
  });

  it('gives TypeScript consumers real types (client: no Node types needed; server: with @types/node)', async () => {
    writeFileSync(join(app, 'client.ts'), clientConsumer);
    writeFileSync(join(app, 'server.ts'), serverConsumer);
    const common = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true };
    const client = { compilerOptions: { ...common, lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false }, files: ['client.ts'] };
    // The server's declarations mention better-sqlite3 types (a devDependency): consumers use skipLibCheck.
    const server = { compilerOptions: { ...common, lib: ['ES2022'], typeRoots: [join(root, 'node_modules/@types')], types: ['node'], skipLibCheck: true }, files: ['server.ts'] };
    writeFileSync(join(app, 'tsconfig.client.json'), JSON.stringify(client));
    writeFileSync(join(app, 'tsconfig.server.json'), JSON.stringify(server));
    await Promise.all([run(tsc, ['-p', 'tsconfig.client.json'], app), run(tsc, ['-p', 'tsconfig.server.json'], app)]);
    expect(existsSync(join(app, 'node_modules/hookscope/dist/sdk/index.d.ts'))).toBe(true);
  });
});

const consumerScript = `
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { hookscope } from 'hookscope/client';
import { startHookscope } from 'hookscope/server';

const server = await startHookscope({ port: 0, db: ':memory:', quiet: true });
try {
  const hs = hookscope(server.url);
  const bin = await hs.createBin({ pusher: [{ key: 'app-key', secret: 's3cret' }] });
  const body = JSON.stringify({ time_ms: Date.now(), events: [{ name: 'member_added', channel: 'presence-1', user_id: '7' }] });
  const signature = createHmac('sha256', 's3cret').update(body).digest('hex');
  const res = await fetch(bin.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Pusher-Key': 'app-key', 'X-Pusher-Signature': signature }, body });
  const requests = await bin.requests();
  let waited;
  try {
    const e = await bin.waitForEvent({ name: 'member_added', channel: 'presence-1' }, { timeout: 5000, signature: 'valid' });
    waited = { name: e.name, channel: e.channel, userId: e.userId, signature: e.request.signature.status };
  } catch (err) {
    waited = { error: String(err) };
  }
  const clientFile = fileURLToPath(import.meta.resolve('hookscope/client'));
  console.log(JSON.stringify({ status: res.status, count: requests.length, signature: requests[0].signature.status, eventNames: requests[0].eventNames, waited, clientFile }));
} finally {
  await server.close();
}
`;

const clientConsumer = `
import { hookscope, HookscopeApiError, HookscopeWaitError, type RequestSummary, type WaitedEvent } from 'hookscope/client';

export async function use(base: string): Promise<string> {
  const hs = hookscope(base);
  const bin = await hs.createBin({ name: 'typed', pusher: [{ key: 'k', secret: 's' }] });
  const e: WaitedEvent = await bin.waitForEvent({ name: 'member_added', channel: 'presence-1' }, { timeout: 100, after: 'now' });
  const status: 'valid' | 'invalid' | 'unsigned' | 'no_secret' = e.request.signature.status;
  const list: RequestSummary[] = await bin.requests({ method: 'POST' });
  await bin.expectNoEvent({ name: 'channel_vacated' }, { within: 10 });
  // @ts-expect-error not a filter field: proves the declarations are real types, not any
  await bin.waitForEvent({ nam: 'x' });
  // @ts-expect-error within is required
  await bin.expectNoEvent({ name: 'x' }, {});
  try {
    await bin.clear();
  } catch (err) {
    if (err instanceof HookscopeApiError) return err.code + err.status;
    if (err instanceof HookscopeWaitError) return String(err.nearMisses.length);
  }
  return bin.url + status + list.length;
}
`;

const serverConsumer = `
import { startHookscope, type HookscopeServer } from 'hookscope/server';

export async function use(): Promise<number> {
  const s: HookscopeServer = await startHookscope({ port: 0, db: ':memory:' });
  const url: string = s.url;
  await s.close();
  // @ts-expect-error port is a number
  await startHookscope({ port: 'x' });
  return url.length;
}
`;
