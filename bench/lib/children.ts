// Servers under test run as child processes (the load generator stays in the bench process). For a
// look inside: BENCH_NODE_FLAGS (e.g. --trace-gc, --cpu-prof) goes to node before the hookscope CLI,
// BENCH_CHILD_LOG=1 copies the children's stdout to the bench's stderr.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Running {
  proc: ChildProcess;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function spawnReady(args: string[], ready: RegExp, label: string): Promise<Running> {
  const proc = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (proc.kill('SIGKILL'), reject(new Error(`${label} did not start: ${out}`))), 120_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        proc,
        url: m[1],
        pid: proc.pid ?? 0,
        stop: () => stop(proc),
      });
    };
    proc.stdout?.on('data', onData);
    if (process.env.BENCH_CHILD_LOG) proc.stdout?.on('data', (c: Buffer) => process.stderr.write(c));
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${label} exited with ${code}: ${out}`))));
  });
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => (clearTimeout(timer), resolve()));
    proc.kill('SIGTERM');
  });
}

/** The built CLI (npm run bench builds first), as a user would run it. */
export function startHookscopeChild(args: string[]): Promise<Running> {
  return spawnReady([...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'dist/server/cli.js', '--port', '0', ...args], /hookscope listening on (http:\/\/\S+)/, 'hookscope');
}

export function startBareChild(): Promise<Running> {
  return spawnReady(['bench/lib/bare-server.mjs'], /bare listening on (http:\/\/\S+)/, 'bare server');
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}
