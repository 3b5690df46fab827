// Verdicts through the real server: capture of signed fixtures, re-verification after PATCH,
// the signature filter, server-wide default credentials, and secrets never leaving the server.
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestSummary } from '../core/wire.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { loadFixtures, sendableHeaders } from './helpers/fixtures.js';
import { json, patch, post, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const list = async (bin: string, query = '') =>
  (await json<{ requests: RequestSummary[] }>(`${s!.url}/api/bins/${bin}/requests${query}`)).body.requests;

describe('signature verdicts through the API', () => {
  it('says no_secret until a secret is supplied, then re-verifies every stored request', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
    const fixtures = loadFixtures('soketi');
    for (const f of fixtures) await send(`${s.url}/h/late`, { headers: sendableHeaders(f), body: f.request.body });
    expect((await list('late')).map((r) => r.signature.status)).toEqual(fixtures.map(() => 'no_secret'));

    const bin = await patch(`${s.url}/api/bins/late`, { pusher: [{ key: 'app-key', secret: 'app-secret' }] });
    expect(bin.status).toBe(200);
    expect(JSON.stringify(bin.body)).not.toContain('app-secret');
    const after = await list('late');
    expect(after.map((r) => r.signature.status)).toEqual(fixtures.map(() => 'valid'));
    expect(after.every((r) => r.signature.scheme === 'pusher' && r.signature.key === 'app-key')).toBe(true);

    await patch(`${s.url}/api/bins/late`, { pusher: [{ key: 'app-key', secret: 'wrong' }] });
    const wrong = await list('late', '?signature=invalid');
    expect(wrong).toHaveLength(fixtures.length);
    expect(wrong[0].signature.reason).toBe('mismatch');
    expect(await list('late', '?signature=valid')).toEqual([]);
  });

  it('verifies ts-broadcasting and tampered bodies, and filters by status', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
    await post(`${s.url}/api/bins`, { name: 'tsb', secret: 'tsb-secret' });
    const [f] = loadFixtures('ts-broadcasting').filter((x) => x.name === 'subscribe');
    await send(`${s.url}/h/tsb`, { headers: sendableHeaders(f), body: f.request.body });
    await send(`${s.url}/h/tsb`, { headers: sendableHeaders(f), body: f.request.body.replace('news', 'newz') });
    await send(`${s.url}/h/tsb`, { body: 'plain' });
    const [plain, tampered, good] = await list('tsb');
    expect(good.signature).toMatchObject({ scheme: 'ts-broadcasting', status: 'valid' });
    expect(tampered.signature).toMatchObject({ scheme: 'ts-broadcasting', status: 'invalid', reason: 'mismatch' });
    expect(tampered.signature.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(tampered.signature.received).toMatch(/^[0-9a-f]{64}$/);
    expect(plain.signature).toMatchObject({ scheme: null, status: 'unsigned' });
    expect((await list('tsb', '?signature=unsigned')).map((r) => r.id)).toEqual([plain.id]);
  });

  it('applies server-wide default Pusher credentials and --bin presets', async () => {
    s = await startHookscope({ port: 0, db: await testDb(), pusherKey: 'app-key', pusherSecret: 'app-secret', bins: [{ name: 'preset', key: 'other', secret: 'other-secret' }], quiet: true });
    const [f] = loadFixtures('sockudo').filter((x) => x.name === 'batched');
    await send(`${s.url}/h/anything`, { headers: sendableHeaders(f), body: f.request.body });
    await send(`${s.url}/h/preset`, { headers: sendableHeaders(f), body: f.request.body });
    expect((await list('anything'))[0].signature.status).toBe('valid');
    expect((await list('preset'))[0].signature).toMatchObject({ status: 'invalid', reason: 'unknown_key' });
  });
});
