// Durability: a restart keeps everything, and a kill -9 under load loses no acknowledged request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHookscope } from '../server/index.js';
import { startChild, waitExit } from './helpers/child.js';
import { json, send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Detail {
  id: number;
  body: string;
  rawHeaders: string[];
}

describe('durability', () => {
  it('keeps bins, requests and settings across a restart on the same file', async () => {
    const db = join(dir, 'restart.db');
    const a = await startHookscope({ port: 0, db, quiet: true });
    const created = await json(`${a.url}/api/bins`, { method: 'POST', body: JSON.stringify({ name: 'keep', pusher: [{ key: 'k', secret: 's3cret-value' }] }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const res = await send(`${a.url}/h/keep/x?q=1`, { headers: [['X-A', '1'], ['x-a', '2']], body: Buffer.from([0, 255, 1]) });
    const id = Number(res.headers['x-hookscope-request-id']);
    await a.close();

    const b = await startHookscope({ port: 0, db, quiet: true });
    try {
      const bin = (await json<{ pusher: { key: string }[]; requestCount: number }>(`${b.url}/api/bins/keep`)).body;
      expect(bin.pusher.map((p) => p.key)).toEqual(['k']);
      expect(bin.requestCount).toBe(1);
      const d = (await json<Detail>(`${b.url}/api/bins/keep/requests/${id}`)).body;
      expect(Buffer.from(d.body, 'base64')).toEqual(Buffer.from([0, 255, 1]));
      expect(d.rawHeaders).toEqual(expect.arrayContaining(['X-A', '1', 'x-a', '2']));
      const next = Number((await send(`${b.url}/h/keep`, { body: 'n' })).headers['x-hookscope-request-id']);
      expect(next).toBeGreaterThan(id);
    } finally {
      await b.close();
    }
  });

  it('loses no acknowledged request when killed with SIGKILL under load', async () => {
    const db = join(dir, 'crash.db');
    const child = await startChild(['--port', '0', '--db', db, '--max-requests', '1000000']);
    const acked = new Map<number, string>();
    let stop = false;
    let sent = 0;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const body = JSON.stringify({ w, i, pad: 'x'.repeat(200) });
        sent++;
        try {
          const res = await send(`${child.url}/h/crash`, { headers: { 'Content-Type': 'application/json' }, body });
          if (res.status === 200) acked.set(Number(res.headers['x-hookscope-request-id']), body);
        } catch {
          return; // the server died mid-request: that request was never acknowledged
        }
      }
    };
    const workers = Array.from({ length: 16 }, (_, w) => worker(w));
    while (acked.size < 400) await new Promise((r) => setTimeout(r, 5));
    child.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await waitExit(child.proc);
    expect(child.proc.signalCode).toBe('SIGKILL');
    expect(sent).toBeGreaterThanOrEqual(acked.size);

    const after = await startHookscope({ port: 0, db, maxRequests: 1_000_000, quiet: true });
    try {
      const stored = new Map<number, string>();
      let before: number | undefined;
      for (;;) {
        const page = (await json<{ requests: { id: number }[] }>(`${after.url}/api/bins/crash/requests?limit=1000${before ? `&before=${before}` : ''}`)).body.requests;
        if (page.length === 0) break;
        for (const r of page) stored.set(r.id, '');
        before = page[page.length - 1].id;
      }
      const missing = [...acked.keys()].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      const sample = [...acked.entries()].slice(-20);
      for (const [id, body] of sample) {
        expect((await json<Detail>(`${after.url}/api/bins/crash/requests/${id}`)).body.body).toBe(body);
      }
    } finally {
      await after.close();
    }
  });
});
