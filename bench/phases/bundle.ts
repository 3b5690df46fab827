// Viewer bundle: raw and gzipped bytes of dist/web/assets/*.js (what a browser downloads), split into
// what opening the viewer fetches (the scripts index.html names: entry and modulepreloads) and chunks
// loaded on demand (the channel timing chart's uPlot, for one).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from '../lib/children.js';
import { round } from '../lib/stats.js';

export interface BundleResult {
  files: number;
  rawKb: number;
  gzipKb: number;
  /** The scripts index.html loads at once; the target (< 60 KiB gz) is on these. */
  initialGzipKb: number;
}

export function bundlePhase(): BundleResult {
  const dir = join(root, 'dist/web/assets');
  if (!existsSync(dir)) return { files: 0, rawKb: 0, gzipKb: 0, initialGzipKb: 0 };
  const html = readFileSync(join(root, 'dist/web/index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]));
  let raw = 0;
  let gz = 0;
  let initialGz = 0;
  let files = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const bytes = readFileSync(join(dir, name));
    const size = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += size;
    if (initial.has(name)) initialGz += size;
    files++;
  }
  return { files, rawKb: round(raw / 1024, 1), gzipKb: round(gz / 1024, 1), initialGzipKb: round(initialGz / 1024, 1) };
}
