#!/usr/bin/env node
// `npm run dev`: a hookscope server (tsx, port 8484 unless HOOKSCOPE_PORT says otherwise) and Vite with
// hot reload for the viewer; vite.config.ts proxies /api (WebSocket too), /h and /v1 to the server.
// Ctrl-C (or either process exiting) stops both.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const port = process.env.HOOKSCOPE_PORT ?? '8484';
const extra = process.argv.slice(2);

const children = [
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'server/cli.ts', '--port', port, ...extra], { cwd: root, stdio: 'inherit' }),
  spawn(bin('vite'), [], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, HOOKSCOPE_DEV_TARGET: process.env.HOOKSCOPE_DEV_TARGET ?? `http://127.0.0.1:${port}` },
  }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

for (const child of children) child.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
