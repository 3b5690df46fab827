// The CLI's server gives memory back once quiet (server/memory/idle-gc.ts): after a burst of captures
// and ~6 s without work it runs one GC, counted in /metrics; a server embedded with startHookscope does
// not (it would run GCs in its host's process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHookscope } from '../server/index.js';
import { type Child, startChild, waitExit } from './helpers/child.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-idle-gc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function idleGcs(url: string): Promise<number> {
  const res = await fetch(`${url}/metrics`);
  const text = await res.text();
  // The burst's captures are counted: the scrape itself works (so a 0 below means none ran).
  expect(res.status).toBe(200);
  expect(text).toMatch(/^hookscope_requests_captured_total\{bin="idle"\} \d+$/m);
  return Number(/^hookscope_idle_gcs_total (\d+)$/m.exec(text)?.[1] ?? 0);
}

async function burst(url: string, n: number): Promise<void> {
  const body = JSON.stringify({ time_ms: 1, events: [{ name: 'client_event', channel: 'private-x', event: 'client-y', data: 'x'.repeat(900) }] });
  for (let i = 0; i < n; i += 50) {
    const sent = Array.from({ length: 50 }, () => fetch(`${url}/h/idle`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }));
    for (const res of await Promise.all(sent)) expect(res.status).toBe(200);
  }
}

describe('idle GC', () => {
  it('the CLI server collects after a burst and a quiet spell, not during the burst', async () => {
    let child: Child | undefined;
    try {
      child = await startChild(['--port', '0', '--db', join(dir, 'cli.db')]);
      await burst(child.url, 1000);
      expect(await idleGcs(child.url)).toBe(0);
      const until = Date.now() + 25_000;
      let n = 0;
      while ((n = await idleGcs(child.url)) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 1000));
      expect(n).toBeGreaterThanOrEqual(1);
    } finally {
      child?.proc.kill('SIGTERM');
      if (child) await waitExit(child.proc);
    }
  }, 40_000);

  it('a server started with startHookscope (embedded) does not', async () => {
    const server = await startHookscope({ port: 0, db: join(dir, 'embedded.db') });
    try {
      await burst(server.url, 200);
      await new Promise((r) => setTimeout(r, 8000));
      expect(await idleGcs(server.url)).toBe(0);
    } finally {
      await server.close();
    }
  }, 30_000);
});
