import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWalFlusher } from './wal-flusher.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls instead of one fixed sleep, so a loaded machine delays the test rather than failing it. */
async function until(ok: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(5)) if (Date.now() > end) throw new Error('condition not met in time');
}

function spySync() {
  const fds: number[] = [];
  return { fds, sync: (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => (fds.push(fd), setImmediate(() => done(null))) };
}

describe('WAL flusher', () => {
  it('syncs the -wal file only after commits, at most once per interval, and stops when closed', async () => {
    const db = join(dir, 'a.db');
    writeFileSync(`${db}-wal`, 'x');
    const { fds, sync } = spySync();
    const f = createWalFlusher(db, { intervalMs: 10, sync });
    await sleep(50);
    expect(fds).toEqual([]); // nothing written, nothing flushed
    f.touched();
    f.touched();
    await until(() => fds.length >= 1);
    await sleep(40);
    expect(fds).toHaveLength(1); // two commits, one flush
    expect(typeof fds[0]).toBe('number');
    f.touched();
    await until(() => fds.length >= 2);
    expect(fds).toHaveLength(2);
    f.close();
    f.touched();
    await sleep(40);
    expect(fds).toHaveLength(2);
  });

  it('waits for the WAL file to exist', async () => {
    const db = join(dir, 'b.db');
    const { fds, sync } = spySync();
    const f = createWalFlusher(db, { intervalMs: 10, sync });
    f.touched();
    await sleep(40);
    expect(fds).toEqual([]);
    writeFileSync(`${db}-wal`, 'x');
    await until(() => fds.length >= 1);
    expect(fds).toHaveLength(1);
    f.close();
  });
});
