// GET /api/bins/:bin/live: hello, order, resume with ?after, fan-out, coalescing, bin messages.
import { afterEach, describe, expect, it } from 'vitest';
import type { HookscopeServer } from '../server/start.js';
import { api, burst, capture, type Client, connect, refusedUpgrade, startServer, summaryIds, wsUrl } from './live-helpers.js';

let server: HookscopeServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

async function open(path: string): Promise<Client> {
  const c = await connect(wsUrl(server!.url, path));
  clients.push(c);
  return c;
}

describe('bin live socket', () => {
  it('refuses unknown bins, other paths and a bad after with an HTTP error before upgrading', async () => {
    server = await startServer();
    await api(server.url, 'POST', '/api/bins', { name: 'known' });
    const missing = await refusedUpgrade(wsUrl(server.url, '/api/bins/nope/live'));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ error: { code: 'bin_not_found' } });
    expect((await refusedUpgrade(wsUrl(server.url, '/api/bins/known/other'))).status).toBe(404);
    expect((await refusedUpgrade(wsUrl(server.url, '/somewhere'))).status).toBe(404);
    expect((await refusedUpgrade(wsUrl(server.url, '/api/bins/known/live?after=x'))).status).toBe(400);
    expect((await refusedUpgrade(wsUrl(server.url, '/api/bins/known/live?after=-1'))).status).toBe(400);
    const ok = await open('/api/bins/known/live');
    await ok.until(() => ok.messages.length > 0, 'hello');
    expect(ok.messages[0]).toEqual({ type: 'hello', bin: 'known', lastId: 0 });
  });

  it('sends hello with the head, then each committed request in order', async () => {
    server = await startServer();
    const first = await capture(server.url, '/h/order');
    const c = await open('/api/bins/order/live');
    const sent: number[] = [];
    for (let i = 0; i < 20; i++) sent.push((await capture(server.url, `/h/order/p${i}?i=${i}`)).id);
    await c.until(() => summaryIds(c.messages).length >= 20, '20 summaries');
    expect(c.messages[0]).toEqual({ type: 'hello', bin: 'order', lastId: first.id });
    expect(summaryIds(c.messages)).toEqual(sent);
    const summary = (c.messages[1].requests as Record<string, unknown>[])[0];
    expect(summary).toMatchObject({ id: sent[0], bin: 'order', method: 'POST', path: '/h/order/p0', query: 'i=0' });
    expect(summary).toHaveProperty('signature');
  });

  it('resumes with ?after across a disconnect: no gap, no duplicate, even with requests arriving during the backlog', async () => {
    server = await startServer({ live: { backlogPage: 1 }, maxRequests: 10_000 });
    await api(server.url, 'POST', '/api/bins', { name: 'resume' });
    const a = await open('/api/bins/resume/live');
    for (let i = 0; i < 3; i++) await capture(server.url, '/h/resume');
    await a.until(() => summaryIds(a.messages).length === 3, 'first 3');
    const lastSeen = summaryIds(a.messages)[2];
    a.close();
    await a.closed;
    const missed = await burst(server, '/h/resume', 200);

    const b = await open(`/api/bins/resume/live?after=${lastSeen}`);
    await b.until(() => summaryIds(b.messages).length >= 1, 'first backlog page');
    // More requests while the 200-page backlog is still being sent (one page per send callback).
    const during = await burst(server, '/h/resume', 30);
    const receivedWhenCommitted = summaryIds(b.messages).length;
    const all = [...missed, ...during].sort((x, y) => x - y);
    await b.until(() => summaryIds(b.messages).length >= all.length, 'all summaries');
    expect(b.messages[0]).toEqual({ type: 'hello', bin: 'resume', lastId: Math.max(...missed) });
    const ids = summaryIds(b.messages);
    expect(ids).toEqual(all);
    expect(ids[0]).toBe(lastSeen + 1);
    expect(new Set(ids).size).toBe(ids.length);
    // The race was exercised: the live requests were committed before the backlog had all been received.
    expect(receivedWhenCommitted).toBeLessThan(missed.length);
  });

  it('fans out to several clients per bin and keeps bins apart', async () => {
    server = await startServer();
    await api(server.url, 'POST', '/api/bins', { name: 'bin-a' });
    await api(server.url, 'POST', '/api/bins', { name: 'bin-b' });
    const as = await Promise.all([0, 1, 2].map(() => open('/api/bins/bin-a/live')));
    const bs = await Promise.all([0, 1].map(() => open('/api/bins/bin-b/live')));
    // Live from hello on (a request committed before a socket read its head is covered by hello.lastId).
    for (const c of [...as, ...bs]) await c.until(() => c.messages.some((m) => m.type === 'hello'), 'hello');
    const sentA: number[] = [];
    const sentB: number[] = [];
    for (let i = 0; i < 5; i++) {
      sentA.push((await capture(server.url, '/h/bin-a')).id);
      sentB.push((await capture(server.url, '/h/bin-b')).id);
    }
    for (const c of as) await c.until(() => summaryIds(c.messages).length >= 5, 'bin-a');
    for (const c of bs) await c.until(() => summaryIds(c.messages).length >= 5, 'bin-b');
    for (const c of as) expect(summaryIds(c.messages)).toEqual(sentA);
    for (const c of bs) expect(summaryIds(c.messages)).toEqual(sentB);
    expect(server.context.hub.subscriberCount('bin-a')).toBe(3);
  });

  it('coalesces: one frame per commit batch, fewer frames than requests, every summary delivered', async () => {
    server = await startServer();
    await api(server.url, 'POST', '/api/bins', { name: 'burst' });
    const viewers = await Promise.all([0, 1, 2].map(() => open('/api/bins/burst/live')));
    // Live from hello on: a request committed before a socket read its head is not sent (hello.lastId covers it).
    for (const v of viewers) await v.until(() => v.messages.some((m) => m.type === 'hello'), 'hello');
    const n = 100;
    const ids = await burst(server, '/h/burst', n);
    for (const v of viewers) await v.until(() => summaryIds(v.messages).length >= n, `${n} summaries`);
    const frames = viewers.map((v) => v.messages.filter((m) => m.type === 'requests').length);
    for (const v of viewers) expect(summaryIds(v.messages)).toEqual([...ids].sort((x, y) => x - y));
    expect(frames[0]).toBeLessThan(n);
    expect(new Set(frames).size).toBe(1);
  });

  it('forwards deleted, cleared, bin and bin_deleted, then closes on bin_deleted', async () => {
    server = await startServer();
    const one = await capture(server.url, '/h/ops');
    const c = await open('/api/bins/ops/live');
    await c.until(() => c.messages.length >= 1, 'hello');
    expect((await api(server.url, 'DELETE', `/api/bins/ops/requests/${one.id}`)).status).toBeLessThan(300);
    await c.until(() => c.messages.some((m) => m.type === 'deleted'), 'deleted');
    expect(c.messages.find((m) => m.type === 'deleted')).toEqual({ type: 'deleted', id: one.id });
    await api(server.url, 'DELETE', '/api/bins/ops/requests');
    await c.until(() => c.messages.some((m) => m.type === 'cleared'), 'cleared');
    await api(server.url, 'PATCH', '/api/bins/ops', { secret: 'shh-1234' });
    await c.until(() => c.messages.some((m) => m.type === 'bin'), 'bin');
    expect(c.messages.find((m) => m.type === 'bin')).toMatchObject({ bin: { id: 'ops', secret: '****1234' } });
    await api(server.url, 'DELETE', '/api/bins/ops');
    const closed = await c.closed;
    expect(c.messages.at(-1)).toEqual({ type: 'bin_deleted' });
    expect(closed.code).toBe(1000);
  });

  it('sends pruned when the bin drops its oldest requests', async () => {
    server = await startServer({ maxRequests: 2 });
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) ids.push((await capture(server.url, '/h/small')).id);
    const c = await open('/api/bins/small/live');
    await capture(server.url, '/h/small');
    await c.until(() => c.messages.some((m) => m.type === 'pruned'), 'pruned');
    expect(c.messages.find((m) => m.type === 'pruned')).toEqual({ type: 'pruned', upTo: ids[0] });
  });

  it('needs the token when the server has one', async () => {
    server = await startServer({ token: 't0k3n' });
    await capture(server.url, '/h/secured');
    expect((await refusedUpgrade(wsUrl(server.url, '/api/bins/secured/live'))).status).toBe(401);
    expect((await refusedUpgrade(wsUrl(server.url, '/api/bins/secured/live?token=wrong'))).status).toBe(401);
    const c = await open('/api/bins/secured/live?token=t0k3n');
    await c.until(() => c.messages.length > 0, 'hello');
    const h = await connect(wsUrl(server.url, '/api/bins/secured/live'), { headers: { Authorization: 'Bearer t0k3n' } });
    clients.push(h);
    await h.until(() => h.messages.length > 0, 'hello');
  });
});
