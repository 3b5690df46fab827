// One-off measurement (not a `npm run bench` phase): RSS of a hookscope child while it streams a bin
// of 100,000 requests as NDJSON and as HAR, and while it imports that NDJSON back.
//   npm run build:server && npx tsx bench/export-rss.ts [count]
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildDb } from './lib/build-db.js';
import { root, rssOf, startHookscopeChild } from './lib/children.js';

const count = Number(process.argv[2] ?? 100_000);
const dir = join(root, 'bench/tmp/export-rss');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const db = join(dir, 'hookscope.db');
const built = buildDb(db, [{ id: 'big', count }]);
console.log(`built ${built.requests} requests (${built.events} events) in ${built.seconds.toFixed(1)} s`);

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const hs = await startHookscopeChild(['--db', db, '--max-requests', String(count * 2), '--max-import', '1gb']);
try {
  const idle = rssOf(hs.pid);
  const sample = async <T>(run: () => Promise<T>): Promise<{ value: T; peak: number; ms: number }> => {
    let peak = rssOf(hs.pid);
    const timer = setInterval(() => (peak = Math.max(peak, rssOf(hs.pid))), 20);
    const t0 = performance.now();
    try {
      const value = await run();
      return { value, peak: Math.max(peak, rssOf(hs.pid)), ms: performance.now() - t0 };
    } finally {
      clearInterval(timer);
    }
  };
  /** Reads the export as it streams, keeping only its size (and the NDJSON text when asked). */
  const drain = async (format: string, keep: boolean) => {
    const res = await fetch(`${hs.url}/api/bins/big/export?format=${format}`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const parts: Uint8Array[] = [];
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      bytes += r.value.byteLength;
      if (keep) parts.push(r.value);
    }
    return { bytes, body: keep ? Buffer.concat(parts) : undefined };
  };
  console.log(`idle RSS ${mb(idle)} MB`);
  const nd = await sample(() => drain('ndjson', true));
  console.log(`export ndjson: ${mb(nd.value.bytes)} MB in ${(nd.ms / 1000).toFixed(1)} s, peak RSS ${mb(nd.peak)} MB (+${mb(nd.peak - idle)})`);
  const har = await sample(() => drain('har', false));
  console.log(`export har:    ${mb(har.value.bytes)} MB in ${(har.ms / 1000).toFixed(1)} s, peak RSS ${mb(har.peak)} MB (+${mb(har.peak - idle)})`);
  const before = rssOf(hs.pid);
  const imported = await sample(async () => {
    const res = await fetch(`${hs.url}/api/bins/copy/import`, { method: 'POST', body: nd.value.body });
    return (await res.json()) as { imported: number };
  });
  console.log(`import ndjson: ${imported.value.imported} requests in ${(imported.ms / 1000).toFixed(1)} s, peak RSS ${mb(imported.peak)} MB (+${mb(imported.peak - before)})`);
} finally {
  await hs.stop();
  rmSync(dir, { recursive: true, force: true });
}
