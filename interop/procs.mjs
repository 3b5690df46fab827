// Child-process helpers for the interop harness: free ports, spawn with captured output,
// wait for a ready line, and kill every child we started (also on failure and on signals).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const children = new Set();

/** A free TCP port on 127.0.0.1 (the OS picks; we close and hand it over). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawn a long-running child. Its output is kept (last ~200 lines) for the failure report and
 * echoed with a prefix when `verbose`. Returns { child, name, lines, waitFor(regex, ms), stop() }.
 */
export function startChild(name, command, args, { cwd, env, verbose = false } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() can take grandchildren with it
  });
  children.add(child);
  const lines = [];
  const watchers = new Set();
  const onData = (stream) => {
    let buf = '';
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        if (lines.length > 200) lines.shift();
        if (verbose) process.stdout.write(`  [${name}] ${line}\n`);
        for (const w of watchers) w(line);
      }
    });
  };
  onData('stdout');
  onData('stderr');
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      children.delete(child);
      for (const w of watchers) w(null);
      resolve(exited);
    });
  });

  function waitFor(regex, ms) {
    return new Promise((resolve, reject) => {
      const hit = lines.find((l) => regex.test(l));
      if (hit) return resolve(hit.match(regex));
      if (exited) return reject(new Error(`${name} exited (${JSON.stringify(exited)}) before ${regex}`));
      const timer = setTimeout(() => done(new Error(`${name}: no line matching ${regex} within ${ms} ms`)), ms);
      const watcher = (line) => {
        if (line === null) return done(new Error(`${name} exited (${JSON.stringify(exited)}) before ${regex}`));
        const m = line.match(regex);
        if (m) done(null, m);
      };
      function done(err, m) {
        clearTimeout(timer);
        watchers.delete(watcher);
        if (err) reject(err);
        else resolve(m);
      }
      watchers.add(watcher);
    });
  }

  /** SIGTERM the process group, SIGKILL after `graceMs`. Resolves when the child has exited. */
  async function stop(graceMs = 3000) {
    if (exited) return exited;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    const res = await exitPromise;
    clearTimeout(timer);
    return res;
  }

  return { child, name, lines, waitFor, stop, exited: () => exited };
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Last-resort cleanup: synchronous SIGKILL of every child still alive (process 'exit' hook). */
export function killAllChildrenSync() {
  for (const child of children) signalGroup(child, 'SIGKILL');
  children.clear();
}

/** Run a short command to completion (npm ci, npm run build); rejects on non-zero exit. */
export function runToEnd(command, args, { cwd, timeoutMs = 120_000, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
    });
  });
}
