// SIGKILL while the per-bin cap prunes and the events index is written: after a restart the kept
// window holds every acknowledged request newer than its oldest row, the bin's count matches its
// rows, and the events index rebuilt at start names exactly the kept requests (the gap left by the
// plain-body durability test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHookscope } from '../server/index.js';
import { sqliteDbOf } from '../server/store/sqlite/sqlite-store.js';
import { startChild, waitExit } from './helpers/child.js';
import { send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const batch = (w: number, i: number): string =>
  JSON.stringify({ time_ms: Date.now(), events: [
    { name: 'member_added', channel: `presence-${w}`, user_id: String(i) },
    { name: 'client_event', channel: `private-${w}`, event: 'client-x', data: '{}', socket_id: '1.1', user_id: String(i) },
  ] });

describe('crash while pruning', () => {
  it('keeps the capped window consistent after SIGKILL under load', async () => {
    const db = join(dir, 'prune-crash.db');
    const child = await startChild(['--port', '0', '--db', db, '--max-requests', '50']);
    const acked = new Set<number>();
    let stop = false;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await send(`${child.url}/h/crash-cap`, { headers: { 'Content-Type': 'application/json' }, body: batch(w, i) });
          if (res.status === 200) acked.add(Number(res.headers['x-hookscope-request-id']));
        } catch {
          return;
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, w) => worker(w));
    while (acked.size < 600) await new Promise((r) => setTimeout(r, 5));
    child.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await waitExit(child.proc);

    const after = await startHookscope({ port: 0, db, maxRequests: 50, quiet: true });
    try {
      const sql = sqliteDbOf(after.context.store);
      const ids = sql.prepare("SELECT id FROM requests WHERE bin_id = 'crash-cap' ORDER BY id").pluck().all() as number[];
      expect(ids.length).toBe(50);
      expect(ids[49] - ids[0]).toBe(49);
      expect(sql.prepare("SELECT request_count FROM bins WHERE id = 'crash-cap'").pluck().get()).toBe(50);
      expect(after.context.store.bins.get('crash-cap')?.requestCount).toBe(50);
      const lost = [...acked].filter((id) => id >= ids[0] && !ids.includes(id));
      expect(lost).toEqual([]);
      expect(Math.max(...acked)).toBeLessThanOrEqual(ids[49]);
      // The events index rebuilt at start names exactly the kept requests, each with its two events.
      const events = (await (await fetch(`${after.url}/api/bins/crash-cap/events?limit=1000`)).json()) as { events: { requestId: number }[] };
      expect(events.events).toHaveLength(100);
      expect([...new Set(events.events.map((e) => e.requestId))].sort((x, y) => x - y)).toEqual(ids);
      expect(sql.prepare("SELECT count(*) FROM requests WHERE bin_id = 'crash-cap' AND event_keys IS NOT NULL").pluck().get()).toBe(50);
    } finally {
      await after.close();
    }
  }, 30_000);
});
