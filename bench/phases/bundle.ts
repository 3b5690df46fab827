// Viewer bundle: raw and gzipped bytes of dist/web/assets/*.js (what a browser downloads).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from '../lib/children.js';
import { round } from '../lib/stats.js';

export interface BundleResult {
  files: number;
  rawKb: number;
  gzipKb: number;
}

export function bundlePhase(): BundleResult {
  const dir = join(root, 'dist/web/assets');
  if (!existsSync(dir)) return { files: 0, rawKb: 0, gzipKb: 0 };
  let raw = 0;
  let gz = 0;
  let files = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const bytes = readFileSync(join(dir, name));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
    files++;
  }
  return { files, rawKb: round(raw / 1024, 1), gzipKb: round(gz / 1024, 1) };
}
