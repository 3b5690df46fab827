#!/usr/bin/env node
// Interop run (issue 7): real hookscope + real soketi 1.6.1 + raw Pusher-protocol clients.
// `npm run test:interop` from the repo root. Flags: --verbose (echo child output and each check),
// --build (full `npm run build` first; default: scripts/build-if-needed.mjs like `npm start`), --source (run server/cli.ts with tsx
// instead of dist/), --stand-in (DEV ONLY: use
// interop/dev-capture.mjs instead of hookscope). Ends with "N passed, M failed"; exit 1 on failure.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, killAllChildrenSync, runToEnd, startChild } from './procs.mjs';

const OVERALL_TIMEOUT_MS = 120_000;
const interopDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(interopDir);
const args = new Set(process.argv.slice(2));
const verbose = args.has('--verbose');
const standIn = args.has('--stand-in');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

process.on('exit', killAllChildrenSync);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    process.stdout.write(`\ninterop: ${sig}, stopping children\n`);
    killAllChildrenSync();
    process.exit(130);
  });
}

async function main() {
  const tSetup = Date.now();
  await ensureInteropDeps();
  // Imported only now: scenario.mjs needs `ws` from interop/node_modules.
  const { runScenario } = await import('./scenario.mjs');
  const hookscope = await startHookscopeChild();
  // Installs and the build have their own time limits; the run itself is bounded here.
  const t0 = Date.now();
  const watchdog = setTimeout(() => {
    process.stdout.write(`\ninterop: overall timeout of ${OVERALL_TIMEOUT_MS / 1000} s reached\n0 passed, 1 failed\n`);
    killAllChildrenSync();
    process.exit(1);
  }, OVERALL_TIMEOUT_MS);
  watchdog.unref();
  const results = [];
  try {
    process.stdout.write(`interop: ${hookscope.label} at ${hookscope.url}\n`);
    for (const batching of [false, true]) {
      const label = batching ? 'batched' : 'unbatched';
      process.stdout.write(`interop: scenario "${label}" (soketi 1.6.1, webhooks batching ${batching ? 'on, 50 ms' : 'off'})\n`);
      const r = await runScenario({ baseUrl: hookscope.url, interopDir, batching, label, verbose });
      results.push({ label, ...r });
    }
  } finally {
    await hookscope.stop();
  }
  return report(results, hookscope.label, Date.now() - t0, t0 - tSetup);
}

/**
 * Install interop/node_modules from the committed lock. `npm ci` rejects that lock when the
 * registry could not serve some optional platform packages at lock time (msgpackr-extract's
 * darwin/win32 builds were 404 on the registry mirror used here), so fall back to
 * `npm install --no-save`, which installs the locked versions and never rewrites the lock.
 */
async function ensureInteropDeps() {
  if (existsSync(join(interopDir, 'node_modules/@soketi/soketi/bin/server.js'))) return;
  process.stdout.write('interop: installing interop dependencies (npm ci --prefix interop)\n');
  const common = ['--prefix', 'interop', '--no-audit', '--no-fund'];
  try {
    await runToEnd(npm, ['ci', ...common], { cwd: rootDir, timeoutMs: 120_000, quiet: true });
  } catch {
    process.stdout.write('interop: npm ci refused the lock; falling back to npm install --no-save\n');
    await runToEnd(npm, ['install', '--no-save', ...common], { cwd: rootDir, timeoutMs: 120_000 });
  }
}

/** Real hookscope from dist/ (built on demand), or the dev stand-in with --stand-in. */
async function startHookscopeChild() {
  const port = await freePort();
  let proc;
  let label;
  if (standIn) {
    label = 'STAND-IN capture server (dev only, NOT hookscope)';
    proc = startChild('capture', process.execPath, [join(interopDir, 'dev-capture.mjs'), String(port)], { cwd: interopDir, verbose });
  } else if (args.has('--source')) {
    label = 'hookscope (server/cli.ts via tsx, no build)';
    const cliArgs = ['--import', 'tsx', join(rootDir, 'server/cli.ts'), '--port', String(port), '--db', ':memory:'];
    proc = startChild('hookscope', process.execPath, cliArgs, { cwd: rootDir, verbose });
  } else {
    const cli = join(rootDir, 'dist/server/cli.js');
    const buildIfNeeded = join(rootDir, 'scripts/build-if-needed.mjs');
    if (args.has('--build') || !existsSync(buildIfNeeded)) {
      process.stdout.write('interop: building hookscope (npm run build)\n');
      await runToEnd(npm, ['run', 'build'], { cwd: rootDir, timeoutMs: 120_000 });
    } else {
      // Same as `npm start`: rebuild dist/ only when server/core/sdk/web sources are newer.
      await runToEnd(process.execPath, [buildIfNeeded], { cwd: rootDir, timeoutMs: 120_000 });
    }
    label = 'hookscope (dist/server/cli.js)';
    proc = startChild('hookscope', process.execPath, [cli, '--port', String(port), '--db', ':memory:'], { cwd: rootDir, verbose });
  }
  try {
    const m = await proc.waitFor(/hookscope listening on (http:\/\/\S+)/, 15_000);
    return { url: m[1].replace(/\/$/, ''), label, stop: () => proc.stop() };
  } catch (err) {
    await proc.stop();
    throw new Error(`${label} did not start: ${err.message}\n${proc.lines.slice(-20).join('\n')}`);
  }
}

function report(results, label, totalMs, setupMs) {
  const all = results.flatMap((r) => r.checks);
  const failed = all.filter((c) => !c.ok);
  process.stdout.write(`\n== interop summary (${label}) ==\n`);
  for (const r of results) {
    const s = r.stats;
    process.stdout.write(
      `-- ${r.label}: ${r.ms} ms (soketi start ${s.soketiStartMs} ms), ${s.requests} webhook requests, ${s.events} events, max ${s.maxBatch} events/request\n`,
    );
    if (s.order) process.stdout.write(`   arrival order: ${s.order}\n`);
    if (s.soketiExit) process.stdout.write(`   soketi exit: ${s.soketiExit.signal ?? `code ${s.soketiExit.code}`}\n`);
    for (const c of r.checks) process.stdout.write(`  ${c.ok ? 'PASS' : 'FAIL'} ${c.name} [+${c.ms} ms]${c.detail && (!c.ok || verbose) ? `\n       ${c.detail}` : ''}\n`);
  }
  process.stdout.write('assertions: hookscope/client (dist/sdk) waitForEvent over GET /api/bins/:bin/wait, waitForChannel against soketi\'s HTTP API\n');
  process.stdout.write(`scenarios ${(totalMs / 1000).toFixed(1)} s (setup: install/build/hookscope start ${(setupMs / 1000).toFixed(1)} s)\n`);
  process.stdout.write(`${all.length - failed.length} passed, ${failed.length} failed\n`);
  return failed.length === 0 && all.length > 0 ? 0 : 1;
}

main().then(
  (code) => {
    killAllChildrenSync();
    process.exit(code);
  },
  (err) => {
    process.stdout.write(`\ninterop: error: ${err.stack ?? err}\n0 passed, 1 failed\n`);
    killAllChildrenSync();
    process.exit(1);
  },
);
