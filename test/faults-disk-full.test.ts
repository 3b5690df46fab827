// A real full disk: hookscope on a 32 MB tmpfs (mounted by the test, so as root only; the
// max_page_count variant in faults-storage-full.test.ts runs for everyone). Captures fill it: the ones
// that no longer fit get 507 storage_full, hookscope releases its reserve, checkpoints and truncates the
// WAL, removes the oldest requests, and takes captures again, a 200 KB one included, without a restart.
// The file is intact afterwards (PRAGMA integrity_check) and no acknowledged request newer than the
// removed ones is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, startChild, waitExit } from './helpers/child.js';
import { json, send } from './helpers/http.js';

const root = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'hookscope-disk-'));
const mount = join(dir, 'small-disk');
let mounted = false;
let child: Child | undefined;

beforeAll(() => {
  if (!root) return;
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', mount]);
  mounted = true;
});

afterAll(async () => {
  if (child && child.proc.exitCode === null) {
    child.proc.kill('SIGKILL');
    await waitExit(child.proc);
  }
  if (mounted) execFileSync('umount', [mount]);
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(root)('a full disk', () => {
  it('answers 507, makes room by itself, takes captures again and keeps the file intact', async () => {
    const db = join(mount, 'hookscope.db');
    child = await startChild(['--port', '0', '--db', db, '--max-requests', '100000']);
    const url = child.url;
    // The disk is tight from the start: hookscope sets a reserve aside once it has looked.
    expect((await send(`${url}/h/disk`, { body: 'first' })).status).toBe(200);
    const acked: number[] = [];
    const statuses = new Map<number, number>();
    let first507 = -1;
    for (let round = 0; round < 400 && (first507 < 0 || acked.length < first507 + 60); round++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) => send(`${url}/h/disk`, { body: JSON.stringify({ round, i, pad: 'd'.repeat(128 * 1024) }) })),
      );
      for (const a of answers) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status === 200) acked.push(Number(a.headers['x-hookscope-request-id']));
        if (a.status === 507 && first507 < 0) {
          first507 = acked.length;
          expect(JSON.parse(a.body.toString())).toMatchObject({ error: { code: 'storage_full' } });
        }
      }
    }
    expect([...statuses.keys()].sort()).toEqual([200, 507]);
    expect(first507).toBeGreaterThan(50); // 32 MB holds a good number before it is full
    expect(acked.length).toBeGreaterThanOrEqual(first507 + 60);
    expect(child.output()).toMatch(/hookscope: storage degraded: the disk or database is full \(database or disk is full, SQLITE_FULL\)/);
    expect(child.output()).toMatch(/hookscope: storage recovered after \d+ s/);
    expect((await json(`${url}/healthz`)).status).toBe(200);
    expect((await send(`${url}/h/disk`, { body: 'z'.repeat(200_000) })).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(Number(/^hookscope_storage_errors_total\{kind="full"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);

    child.proc.kill('SIGTERM');
    await waitExit(child.proc);
    expect(child.proc.exitCode).toBe(0);
    expect(existsSync(`${db}-reserve`)).toBe(false);
    const check = new Database(db, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      const kept = check.prepare("SELECT id FROM requests WHERE bin_id = 'disk' ORDER BY id").pluck().all() as number[];
      expect(acked.filter((id) => id >= kept[0] && !kept.includes(id))).toEqual([]);
      expect(kept[0]).toBeGreaterThan(acked[0]);
    } finally {
      check.close();
    }
  }, 120_000);
});
