// A full database (SQLite's max_page_count: the same SQLITE_FULL a full disk gives, without root):
// captures answer 507 storage_full, never 500; /healthz says degraded while writes fail and ok after;
// hookscope_storage_errors_total counts it; hookscope removes the oldest requests to make room and takes
// captures again without a restart; what it kept is intact (integrity_check ok, no acked request lost
// above the removed range). The real disk (a small tmpfs, as root) is test/faults-disk-full.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { sqliteDbOf } from '../server/store/sqlite/sqlite-store.js';
import { json, send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let s: HookscopeServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

type Health = { ok: boolean; status: string; reason?: string };
type ErrorBody = { error: { code: string; message: string } };
const health = async (url: string) => json<Health>(`${url}/healthz`);
const metric = async (url: string, kind: string): Promise<number> =>
  Number(new RegExp(`^hookscope_storage_errors_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(await (await fetch(`${url}/metrics`)).text())?.[1]);

/** Polls /healthz until it answers `status` (recovery retries every second). */
async function healthBecomes(url: string, status: number, within = 10_000): Promise<void> {
  const until = Date.now() + within;
  for (;;) {
    if ((await health(url)).status === status) return;
    if (Date.now() > until) throw new Error(`/healthz never answered ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pages = (srv: HookscopeServer): number => sqliteDbOf(srv.context.store).pragma('page_count', { simple: true }) as number;

describe('a full database', () => {
  it('answers 507 while nothing fits, says degraded, and recovers when room comes back', async () => {
    s = await startHookscope({ port: 0, db: join(dir, 'empty-full.db'), quiet: true });
    expect((await health(s.url)).body).toEqual({ ok: true, status: 'ok' });
    expect(await metric(s.url, 'full')).toBe(0);
    // Nothing stored to remove: a database with no room left at all (VACUUM: no free page either).
    sqliteDbOf(s.context.store).exec('VACUUM');
    sqliteDbOf(s.context.store).pragma(`max_page_count = ${pages(s)}`);
    const res = await send(`${s.url}/h/nothing-fits`, { body: JSON.stringify({ pad: 'x'.repeat(20_000) }) });
    expect(res.status).toBe(507);
    expect(res.headers['retry-after']).toBe('1');
    const err = JSON.parse(res.body.toString()) as ErrorBody;
    expect(Object.keys(err)).toEqual(['error']);
    expect(err.error.code).toBe('storage_full');
    expect(err.error.message).toMatch(/^nothing was stored: the disk or database is full/);

    const h = await health(s.url);
    expect(h.status).toBe(503);
    expect(h.body.status).toBe('degraded');
    expect(h.body.reason).toMatch(/the disk or database is full .*SQLITE_FULL/);
    expect(await metric(s.url, 'full')).toBeGreaterThanOrEqual(1);
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/^hookscope_storage_degraded 1$/m);
    // The API's writes get the same answer.
    const created = await json<ErrorBody>(`${s.url}/api/bins`, { method: 'POST', body: JSON.stringify({ name: 'also-full', secret: 'x'.repeat(400) }) });
    expect([201, 507]).toContain(created.status);
    if (created.status === 507) expect(created.body.error.code).toBe('storage_full');

    sqliteDbOf(s.context.store).pragma('max_page_count = 1073741823');
    await healthBecomes(s.url, 200);
    expect((await send(`${s.url}/h/nothing-fits`, { body: 'room again' })).status).toBe(200);
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(/^hookscope_storage_degraded 0$/m);
  });

  it('makes room itself: the oldest requests go, captures are taken again, nothing newer is lost', async () => {
    s = await startHookscope({ port: 0, db: join(dir, 'filled.db'), quiet: true, maxRequests: 100_000 });
    sqliteDbOf(s.context.store).pragma(`max_page_count = ${pages(s) + 1500}`); // ~6 MB more
    const acked: number[] = [];
    const statuses = new Map<number, number>();
    let first507 = -1;
    // 8 senders at a time, 16 KB each, until the database is full and well past it.
    for (let round = 0; round < 80 && (first507 < 0 || acked.length < first507 + 120); round++) {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => send(`${s!.url}/h/${i % 2 ? 'full-a' : 'full-b'}`, { body: JSON.stringify({ round, i, pad: 'y'.repeat(16_000) }) })),
      );
      for (const a of answers) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status === 200) acked.push(Number(a.headers['x-hookscope-request-id']));
        if (a.status === 507 && first507 < 0) first507 = acked.length;
      }
    }
    // Every answer was a 200 or a 507: an in-flight batch that hit the wall is told so, not given a 500.
    expect([...statuses.keys()].sort()).toEqual([200, 507]);
    expect(first507).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(first507 + 100); // and it kept taking captures after
    await healthBecomes(s.url, 200);
    // A 200 KB capture fits again.
    const big = await send(`${s.url}/h/full-a`, { body: 'z'.repeat(200_000) });
    expect(big.status).toBe(200);

    const db = sqliteDbOf(s.context.store);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const kept = db.prepare("SELECT id FROM requests WHERE bin_id IN ('full-a', 'full-b') ORDER BY id").pluck().all() as number[];
    // Oldest first: every acked request above the oldest kept one is there.
    const lost = acked.filter((id) => id >= kept[0] && !kept.includes(id));
    expect(lost).toEqual([]);
    expect(kept[0]).toBeGreaterThan(acked[0]);
    // The bins' counts (what the API shows and the per-bin cap uses) followed every removal.
    const counts = ['full-a', 'full-b'].map((id) => s!.context.store.bins.get(id)?.requestCount ?? -1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(kept.length);
    expect(await metric(s.url, 'full')).toBeGreaterThanOrEqual(1);
    const pruned = Number(/^hookscope_size_cap_pruned_total (\d+)$/m.exec(await (await fetch(`${s.url}/metrics`)).text())?.[1]);
    expect(pruned).toBeGreaterThan(0);
  }, 60_000);
});
