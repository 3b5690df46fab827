// hookscope's version, from the package.json beside the sources (server/) or the build (dist/server/).
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached !== undefined) return cached;
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hookscope' && typeof pkg.version === 'string') return (cached = pkg.version);
    } catch {
      // not at this level: try the next one up
    }
  }
  return (cached = '0.0.0');
}
