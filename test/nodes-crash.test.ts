// Several nodes on one PostgreSQL when things break: a node killed with SIGKILL under load loses no
// acknowledged request (the other node serves them all), and a PostgreSQL restart under a live socket
// on one node leaves that socket with every acknowledged request, in id order, none twice.
import { afterAll, describe, expect, it } from 'vitest';
import { type HookscopeServer, startHookscope } from '../server/start.js';
import { startChild, waitExit } from './helpers/child.js';
import { json, post, send } from './helpers/http.js';
import { type PgCluster, startPgCluster } from './helpers/pg-cluster.js';
import { newPgDatabase } from './helpers/test-db.js';
import { connect, type Message, wsUrl } from './live-helpers.js';

const requestIds = (messages: Message[]): number[] =>
  messages.filter((m) => m.type === 'requests').flatMap((m) => (m.requests as { id: number }[]).map((r) => r.id));

describe('nodes under failure', () => {
  it('SIGKILL of one node under load: every request it acknowledged is found through the other', async () => {
    const db = await newPgDatabase();
    const [a, b] = await Promise.all([0, 1].map(() => startChild(['--port', '0', '--db', db, '--max-requests', '1000000'])));
    try {
      const acked = new Map<number, string>();
      let stop = false;
      const worker = async (w: number): Promise<void> => {
        for (let i = 0; !stop; i++) {
          const body = JSON.stringify({ w, i, pad: 'x'.repeat(200) });
          try {
            const res = await send(`${a.url}/h/crash`, { headers: { 'Content-Type': 'application/json' }, body });
            if (res.status === 200) acked.set(Number(res.headers['x-hookscope-request-id']), body);
          } catch {
            return; // the node died mid-request: that one was never acknowledged
          }
        }
      };
      const workers = [0, 1, 2, 3, 4, 5, 6, 7].map(worker);
      while (acked.size < 300) await new Promise((r) => setTimeout(r, 5));
      a.proc.kill('SIGKILL');
      stop = true;
      await Promise.all(workers);
      await waitExit(a.proc);
      expect(acked.size).toBeGreaterThanOrEqual(300);
      const stored = new Set<number>();
      for (let before: number | undefined; ; ) {
        const page = await json<{ requests: { id: number }[] }>(`${b.url}/api/bins/crash/requests?limit=1000${before ? `&before=${before}` : ''}`);
        expect(page.status).toBe(200);
        for (const r of page.body.requests) stored.add(r.id);
        if (page.body.requests.length < 1000) break;
        before = page.body.requests[page.body.requests.length - 1].id;
      }
      const missing = [...acked.keys()].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      // Byte-exact, read through the surviving node.
      const sample = [...acked.keys()].slice(-5);
      for (const id of sample) {
        const raw = await fetch(`${b.url}/api/bins/crash/requests/${id}/raw`);
        expect(await raw.text()).toBe(acked.get(id));
      }
    } finally {
      for (const c of [a, b]) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
      await Promise.all([a, b].map((c) => waitExit(c.proc)));
    }
  }, 90_000);

  describe('a PostgreSQL restart', () => {
    let cluster: PgCluster;
    const nodes: HookscopeServer[] = [];
    afterAll(async () => {
      await Promise.all(nodes.map((n) => n.close()));
      await cluster?.stop();
    });

    it('under a live socket on one node: the socket resumes with every acknowledged request, in order, none twice', async () => {
      // A server of its own: restarting the shared one would break the other test files.
      cluster = await startPgCluster({ fsync: false });
      const db = cluster.url();
      nodes.push(...(await Promise.all([0, 1].map(() => startHookscope({ port: 0, db, quiet: true })))));
      const [a, b] = nodes;
      expect((await post(`${a.url}/api/bins`, { name: 'steady' })).status).toBe(201);
      const onB = await connect(wsUrl(b.url, '/api/bins/steady/live'));
      await onB.until(() => onB.messages.some((m) => m.type === 'hello'), 'hello');
      const acked: number[] = [];
      let failed = 0;
      const sendSome = async (n: number): Promise<void> => {
        for (let got = 0; got < n; ) {
          const res = await send(`${a.url}/h/steady`, { body: `{"n":${acked.length + failed}}` }).catch(() => null);
          if (res?.status === 200) (acked.push(Number(res.headers['x-hookscope-request-id'])), got++);
          else (failed++, await new Promise((r) => setTimeout(r, 50)));
        }
      };
      await sendSome(30);
      // Requests keep coming while PostgreSQL goes down and comes back.
      const during = sendSome(30);
      await cluster.restart();
      await during;
      await sendSome(30);
      await onB.until(() => requestIds(onB.messages).length >= acked.length, `${acked.length} requests`, 20_000);
      const seen = requestIds(onB.messages);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
      expect(acked.filter((id) => !seen.includes(id))).toEqual([]);
      onB.close();
    }, 90_000);
  });
});
