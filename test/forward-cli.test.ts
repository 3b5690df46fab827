// `hookscope forward BIN --to URL` (issue 8): follows a hookscope over its live socket (or by polling),
// delivers each new request byte-exact to --to, prints one line per delivery, and resumes after a
// reconnect without gaps or duplicates.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../server/config.js';
import { type ForwardCliOptions, parseForwardArgs, runForward } from '../server/forward/forward-cli.js';
import { startHookscope } from '../server/index.js';
import { loadFixtures, sendableHeaders } from './helpers/fixtures.js';
import { send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-fwd-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Caught {
  rawHeaders: string[];
  body: Buffer;
}

async function target(port = 0) {
  const caught: Caught[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      caught.push({ rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
      for (const w of waiters.filter((w) => caught.length >= w.n)) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    caught,
    count: (n: number) => new Promise<void>((resolve) => (caught.length >= n ? resolve() : waiters.push({ n, resolve }))),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Runs the forward client, collecting lines; `line(re)` waits for the next line matching re. */
function client(o: ForwardCliOptions) {
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const counts: { n: number; resolve: () => void }[] = [];
  const stop = new AbortController();
  const deliveries = () => lines.filter((l) => l.startsWith('#')).length;
  const done = runForward(o, (l) => {
    lines.push(l);
    for (const w of [...waiters]) if (w.re.test(l)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(l));
    for (const w of counts.filter((w) => deliveries() >= w.n)) w.resolve();
  }, stop.signal);
  return {
    lines,
    line: (re: RegExp) => new Promise<string>((resolve) => waiters.push({ re, resolve })),
    /** Resolves once n delivery lines (`#id ...`) were printed. */
    printed: (n: number) => new Promise<void>((resolve) => (deliveries() >= n ? resolve() : counts.push({ n, resolve }))),
    stop: async () => (stop.abort(), await done),
  };
}

const fixture = loadFixtures('soketi').find((f) => f.name === 'member_added')!;
const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"bom":true}')]);
const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]);

describe('parseForwardArgs', () => {
  it('reads BIN, --to, --from, --token, --after and env defaults', () => {
    expect(parseForwardArgs(['my-app', '--to', 'http://localhost:3000/webhooks'], {})).toEqual({
      bin: 'my-app', to: 'http://localhost:3000/webhooks', from: 'http://127.0.0.1:8484', token: null, after: undefined,
    });
    expect(parseForwardArgs(['b', '--to', 'https://x/', '--after', '7'], { HOOKSCOPE_FROM: 'http://h:1/', HOOKSCOPE_TOKEN: 't' })).toMatchObject({ from: 'http://h:1', token: 't', after: 7 });
    expect(() => parseForwardArgs(['b'], {})).toThrow(ConfigError);
    expect(() => parseForwardArgs(['--to', 'http://x/'], {})).toThrow(/BIN/);
    expect(() => parseForwardArgs(['b', '--to', 'ftp://x/'], {})).toThrow(/http/);
    expect(() => parseForwardArgs(['b', '--to', 'http://x/', '--after', '-1'], {})).toThrow(/after/);
    expect(() => parseForwardArgs(['b', '--to', 'http://x/', '--bogus'], {})).toThrow(ConfigError);
  });
});

describe('hookscope forward', () => {
  it('delivers new requests byte-exact over the live socket and resumes after the server restarts', async () => {
    const db = join(dir, 'live.db');
    let s = await startHookscope({ port: 0, db, quiet: true });
    const port = s.port;
    await send(`${s.url}/h/cli-bin`, { body: 'before the client started' });
    const t = await target();
    const c = client({ bin: 'cli-bin', to: t.url, from: s.url, token: null });
    await c.line(/^connected/);

    const r1 = await send(`${s.url}/h/cli-bin/x?y=1`, { headers: sendableHeaders(fixture), body: fixture.request.body });
    await send(`${s.url}/h/cli-bin`, { headers: [['Content-Type', 'application/json']], body: bom });
    await send(`${s.url}/h/cli-bin`, { method: 'PUT', headers: [['Content-Type', 'application/octet-stream']], body: binary });
    await t.count(3);
    await c.printed(3);
    const id1 = Number(r1.headers['x-hookscope-request-id']);
    expect(c.lines).toContain(`#${id1} POST /h/cli-bin/x?y=1 -> 204 in ${/in (\d+) ms/.exec(c.lines.find((l) => l.startsWith(`#${id1} `)) ?? '')?.[1]} ms`);
    expect(c.lines.filter((l) => /^#\d+ (POST|PUT) \/h\/cli-bin\S* -> 204 in \d+ ms$/.test(l))).toHaveLength(3);
    expect(t.caught[0].body.equals(Buffer.from(fixture.request.body))).toBe(true);
    const sig = (raw: string[]) => raw[raw.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'x-pusher-signature') + 1];
    expect(sig(t.caught[0].rawHeaders)).toBe(fixture.request.headers['X-Pusher-Signature']);
    expect(t.caught[1].body.equals(bom)).toBe(true);
    expect(t.caught[2].body.equals(binary)).toBe(true);

    // The server goes away and comes back on the same port: the client reconnects with after=<last id>.
    // Listening before close: the live socket is closed (1001) first, then the server drains.
    const disconnected = c.line(/^disconnected/);
    await s.close();
    await disconnected;
    s = await startHookscope({ port, db, quiet: true });
    await c.line(/^connected/);
    await send(`${s.url}/h/cli-bin`, { body: 'after the restart' });
    await t.count(4);
    expect(t.caught.map((x) => x.body.toString()).slice(3)).toEqual(['after the restart']);
    expect(t.caught.some((x) => x.body.toString() === 'before the client started')).toBe(false);
    await c.stop();
    await t.close();
    await s.close();
  });

  it('falls back to polling, with --after including stored requests, and reports a target that is down', async () => {
    const s = await startHookscope({ port: 0, db: ':memory:', quiet: true });
    const first = await send(`${s.url}/h/poll-bin`, { body: 'one' });
    const t = await target();
    const c = client({ bin: 'poll-bin', to: t.url, from: s.url, token: null, mode: 'poll', pollMs: 20, after: Number(first.headers['x-hookscope-request-id']) - 1 });
    await t.count(1);
    expect(t.caught[0].body.toString()).toBe('one');
    await send(`${s.url}/h/poll-bin`, { body: 'two' });
    await t.count(2);
    expect(t.caught[1].body.toString()).toBe('two');
    await t.close();
    const failed = c.line(/failed: connection refused/);
    await send(`${s.url}/h/poll-bin`, { body: 'three' });
    expect(await failed).toMatch(/^#\d+ POST \/h\/poll-bin -> failed: connection refused/);
    await c.stop();
    await s.close();
  });
});
