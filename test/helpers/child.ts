// Starts hookscope's CLI as a child process (through tsx, so no build is needed) and waits for its ready line.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

export function startChild(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error('hookscope child did not start: ' + out));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /hookscope listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], output: () => out });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hookscope child exited with ${code}: ${out}`));
    });
  });
}

export function waitExit(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
}

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end (a start-up refusal); `uid`/`gid` run it as another user (needs root). */
export function runToExit(args: string[], opts: { uid?: number; gid?: number; timeout?: number } = {}): Promise<Exited> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined && { uid: opts.uid, gid: opts.gid ?? opts.uid }),
  });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`hookscope did not exit: ${stdout}${stderr}`));
    }, opts.timeout ?? 20_000);
    // 'close' comes after the output pipes are drained ('exit' may come before).
    proc.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
