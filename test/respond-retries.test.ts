// Retries of the same body are spotted and grouped (issue 8): a sender that re-sends the identical
// signed body after a scripted 500 shows up as attempts 1, 2, 3 of one group, and the grouping survives
// a restart because it is stored with the row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestSummary } from '../core/wire.js';
import { startHookscope } from '../server/index.js';
import { loadFixtures, sendableHeaders } from './helpers/fixtures.js';
import { json, post, send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-retries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = loadFixtures('pusher').find((f) => f.name === 'member_added');
if (!fixture) throw new Error('fixture pusher/member_added missing');

/** A sender in the style of sockudo / ts-broadcasting: re-send the same signed body until 2xx. */
async function retryingSend(url: string, maxAttempts: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < maxAttempts; i++) {
    const r = await send(url, { headers: sendableHeaders(fixture!), body: fixture!.request.body });
    seen.push(r.status);
    if (r.status >= 200 && r.status < 300) break;
  }
  return seen;
}

const listOf = async (base: string, bin: string) =>
  (await json<{ requests: RequestSummary[] }>(`${base}/api/bins/${bin}/requests`)).body.requests.reverse();

describe('retry grouping', () => {
  it('groups a retried body as attempts 1, 2, 3 with retryOf, and keeps it across a restart', async () => {
    const db = join(dir, 'retries.db');
    let s = await startHookscope({ port: 0, db, quiet: true });
    await post(`${s.url}/api/bins`, { name: 'flaky', response: { script: [{ status: 500, times: 2 }, { status: 200 }] } });
    expect(await retryingSend(`${s.url}/h/flaky`, 5)).toEqual([500, 500, 200]);
    // A different body is its own group; the same body on another path is not a retry either.
    await send(`${s.url}/h/flaky`, { body: '{"other":true}' });
    await send(`${s.url}/h/flaky/elsewhere`, { headers: sendableHeaders(fixture), body: fixture.request.body });
    const rows = await listOf(s.url, 'flaky');
    const first = rows[0].id;
    expect(rows.map((r) => [r.attempt, r.retryOf])).toEqual([
      [1, undefined],
      [2, first],
      [3, first],
      [1, undefined],
      [1, undefined],
    ]);
    expect(rows.map((r) => r.response?.status)).toEqual([500, 500, 200, 200, 200]);
    // The gaps between attempts are the sender's backoff, readable from receivedAt.
    expect(rows[2].receivedAt).toBeGreaterThanOrEqual(rows[1].receivedAt);

    await s.close();
    s = await startHookscope({ port: 0, db, quiet: true });
    const again = await listOf(s.url, 'flaky');
    expect(again.slice(0, 3).map((r) => [r.attempt, r.retryOf])).toEqual([[1, undefined], [2, first], [3, first]]);
    const detail = (await json<RequestSummary>(`${s.url}/api/bins/flaky/requests/${again[2].id}`)).body;
    expect([detail.attempt, detail.retryOf]).toEqual([3, first]);
    await s.close();
  });

  it('numbers identical bodies that arrive concurrently and points them all at the first', async () => {
    const s = await startHookscope({ port: 0, db: ':memory:', quiet: true });
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(`${s.url}/h/burst`, { body: 'same' })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const rows = await listOf(s.url, 'burst');
    expect(rows.map((r) => r.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.slice(1).every((r) => r.retryOf === rows[0].id)).toBe(true);
    // Empty bodies (GET pings) are never grouped.
    await send(`${s.url}/h/burst`, { method: 'GET' });
    await send(`${s.url}/h/burst`, { method: 'GET' });
    const pings = (await listOf(s.url, 'burst')).slice(5);
    expect(pings.map((r) => r.attempt)).toEqual([undefined, undefined]);
    await s.close();
  });
});
