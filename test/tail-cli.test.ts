// `hookscope tail BIN`: one line per request as it arrives, resumable, JSON lines on request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestSummary } from '../core/wire.js';
import { ConfigError } from '../server/config.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { parseTailArgs, runTail } from '../server/tail/tail-cli.js';
import { loadFixtures, sendableHeaders } from './helpers/fixtures.js';
import { post, send } from './helpers/http.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true });
});
afterAll(() => s.close());

/** Runs tail until `count` lines were printed (bounded), then stops it. */
async function tailLines(argv: string[], count: number, sendAfterConnect: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const stop = new AbortController();
  let connected!: () => void;
  const ready = new Promise<void>((r) => (connected = r));
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => (stop.abort(), reject(new Error(`only ${lines.length} lines: ${lines.join(' | ')}`))), 10_000);
    const print = (line: string): void => {
      lines.push(line);
      if (lines.length >= count) (clearTimeout(timer), stop.abort(), resolve());
    };
    void runTail(parseTailArgs(argv, {}), print, (info) => (/connected/.test(info) ? connected() : undefined), stop.signal);
  });
  await ready;
  await sendAfterConnect();
  await done;
  return lines;
}

describe('hookscope tail', () => {
  it('prints each new request: method, path, answer, size, verdict, event names', async () => {
    await post(`${s.url}/api/bins`, { name: 'tailed', pusher: [{ key: 'app-key', secret: 'app-secret' }] });
    const [batch] = loadFixtures('soketi').filter((f) => f.name === 'batched');
    const lines = await tailLines(['tailed', '--from', s.url], 2, async () => {
      await send(`${s.url}/h/tailed/hooks?x=1`, { headers: sendableHeaders(batch), body: batch.request.body });
      await send(`${s.url}/h/tailed/status/503`, { body: 'plain text' });
    });
    expect(lines[0]).toMatch(/^#\d+ \d\d:\d\d:\d\d\.\d{3} POST \/h\/tailed\/hooks\?x=1  -> 200  209 B  valid \(pusher app-key\)  channel_vacated, channel_vacated, member_removed$/);
    expect(lines[1]).toMatch(/POST \/h\/tailed\/status\/503  -> 503  10 B  unsigned  text$/);
  });

  it('replays stored requests with --after and prints JSON lines with --json', async () => {
    const ids: number[] = [];
    for (const body of ['a', 'b']) ids.push(Number((await send(`${s.url}/h/jsonl`, { body })).headers['x-hookscope-request-id']));
    const lines = await tailLines(['jsonl', '--from', s.url, '--after', '0', '--json'], 3, async () => {
      ids.push(Number((await send(`${s.url}/h/jsonl`, { body: 'c' })).headers['x-hookscope-request-id']));
    });
    expect(lines.map((l) => (JSON.parse(l) as RequestSummary).id)).toEqual(ids);
  });

  it('rejects bad arguments clearly', () => {
    expect(() => parseTailArgs([], {})).toThrow(ConfigError);
    expect(() => parseTailArgs(['a', 'b'], {})).toThrow(/exactly one BIN/);
    expect(() => parseTailArgs(['a', '--after', '-1'], {})).toThrow(/--after/);
    expect(() => parseTailArgs(['a', '--from', 'ftp://x'], {})).toThrow(/http/);
    expect(parseTailArgs(['a'], { HOOKSCOPE_FROM: 'http://h:1/', HOOKSCOPE_TOKEN: 't' })).toMatchObject({ from: 'http://h:1', token: 't', json: false });
  });
});

describe('hookscope tail on a bin that does not exist yet', () => {
  it('prints the request that creates it', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let waiting!: () => void;
    const noBin = new Promise<void>((r) => (waiting = r));
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => (stop.abort(), reject(new Error('no line'))), 10_000);
      void runTail(
        parseTailArgs(['not-yet', '--from', s.url], {}),
        (line) => (lines.push(line), clearTimeout(timer), stop.abort(), resolve()),
        (info) => (/no bin/.test(info) ? waiting() : undefined),
        stop.signal,
      );
    });
    await noBin;
    await send(`${s.url}/h/not-yet/first`, { body: 'hello' });
    await done;
    expect(lines[0]).toMatch(/POST \/h\/not-yet\/first/);
  });
});
