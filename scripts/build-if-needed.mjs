// npm start: build the server (tsc, incremental) and the viewer (vite) only when their sources changed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let max = 0;
  if (!existsSync(dir)) return max;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => execFileSync(npm, ['run', '--silent', script], { stdio: 'inherit' });

const serverSources = Math.max(newest('server'), newest('core'), newest('sdk'), mtime('tsconfig.json'), mtime('tsconfig.build.json'));
if (serverSources > mtime('dist/server/cli.js')) run('build:server');
const webSources = Math.max(newest('web'), newest('core'), mtime('vite.config.ts'));
if (webSources > mtime('dist/web/index.html')) run('build:web');
