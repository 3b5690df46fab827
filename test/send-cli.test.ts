// `hookscope send`: flags and --event specs, scenario files in YAML and JSON, one line per delivery,
// and the exit code (0 when every webhook got a 2xx, 1 when one never did, 2 for bad flags) of the
// real command.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../server/config.js';
import { parseEventSpec, tokens } from '../server/send/event-spec.js';
import { prepareSend } from '../server/send/input.js';
import { parseSendArgs, runSendCli } from '../server/send/send-cli.js';
import { realClock } from '../server/send/sender.js';
import { type AppTarget, startAppTarget } from './helpers/app-target.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hookscope-send-cli-'));
let app: AppTarget;
beforeAll(async () => (app = await startAppTarget()));
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const read = (path: string): string => readFileSync(path, 'utf8');
const parse = (args: string[], env: Record<string, string> = {}) => parseSendArgs(args, env, read);

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'send', ...args], { cwd: root, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('--event specs', () => {
  it('name, channel, key=value; a JSON value keeps its spaces', () => {
    expect(tokens(`client_event private-chat event=client-typing data={"t": "a b", "n": [1, 2]} user=42`)).toEqual([
      'client_event', 'private-chat', 'event=client-typing', 'data={"t": "a b", "n": [1, 2]}', 'user=42',
    ]);
    expect(parseEventSpec('member_added presence-room-1 user=42', 'soketi')).toEqual({ name: 'member_added', channel: 'presence-room-1', userId: '42' });
    expect(parseEventSpec('client_event private-c event=client-x data="quoted" socket=1.2', 'pusher')).toEqual({ name: 'client_event', channel: 'private-c', event: 'client-x', data: 'quoted', socketId: '1.2' });
    expect(parseEventSpec('subscription_count c count=3', 'sockudo')).toEqual({ name: 'subscription_count', channel: 'c', subscriptionCount: 3 });
    expect(parseEventSpec('disconnection socketId=abc code=4000 reason=bye', 'ts-broadcasting')).toEqual({ event: 'disconnection', data: { socketId: 'abc', code: 4000, reason: 'bye' } });
    expect(parseEventSpec('broadcast data={"a":1}', 'ts-broadcasting')).toEqual({ event: 'broadcast', data: { a: 1 } });
  });

  it('explains what is wrong', () => {
    expect(() => parseEventSpec('member_added user=42', 'soketi')).toThrow(/channel comes right after/);
    expect(() => parseEventSpec('member_added c who=42', 'soketi')).toThrow(/unknown field "who"/);
    expect(() => parseEventSpec('client_event c data={"a":', 'soketi')).toThrow(/unbalanced JSON/);
  });
});

describe('flags', () => {
  const base = ['--to', 'http://127.0.0.1:9/h', '--as', 'soketi', '--key', 'k', '--secret', 's'];

  it('builds the request; env gives key and secret; --no-batch wins over the default', () => {
    const o = parse(['--to', 'http://127.0.0.1:9/h', '--as', 'sockudo', '--event', 'channel_occupied a', '--no-batch', '--header', 'X-Env: dev', '--retries', '0'], { HOOKSCOPE_SEND_KEY: 'ek', HOOKSCOPE_SEND_SECRET: 'es' });
    expect(o.request).toMatchObject({ as: 'sockudo', key: 'ek', secret: 'es', batch: false, headers: { 'X-Env': 'dev' }, retries: 0, events: [{ name: 'channel_occupied', channel: 'a' }] });
  });

  it.each([
    [[...base], /--event SPEC .* or --scenario FILE/],
    [['--as', 'soketi', '--event', 'channel_occupied a'], /needs --to/],
    [[...base, '--event', 'channel_occupied a', '--bogus'], /Unknown option '--bogus'/],
    [[...base.slice(0, 2), '--as', 'nope', '--key', 'k', '--secret', 's', '--event', 'x c'], /--as/],
    [[...base, '--event', 'subscription_count a count=1'], /soketi does not send "subscription_count"/],
    [[...base, '--event', 'channel_occupied a', '--retries', 'many'], /--retries/],
    [[...base, '--scenario', join(dir, 'missing.yaml')], /ENOENT/],
  ])('%j', (args, message) => {
    expect(() => parse(args as string[])).toThrow(ConfigError);
    expect(() => parse(args as string[])).toThrow(message);
  });

  it('reads a YAML scenario file, and JSON too; flags win over the file', () => {
    const yaml = join(dir, 'room.yaml');
    writeFileSync(yaml, `as: soketi\nkey: file-key\nsecret: file-secret\nsteps:\n  - join: { channel: presence-room-1, userId: "42" }\n  - waitMs: 100\n  - leave: { channel: presence-room-1, userId: "42" }\n`);
    const o = parse(['--to', 'http://127.0.0.1:9/h', '--scenario', yaml, '--key', 'flag-key']);
    expect(o.request).toMatchObject({ as: 'soketi', key: 'flag-key', scenario: { secret: 'file-secret', steps: [{ join: { channel: 'presence-room-1', userId: '42' } }, { waitMs: 100 }, { leave: {} }] } });
    const json = join(dir, 'room.json');
    writeFileSync(json, JSON.stringify({ as: 'sockudo', key: 'k', secret: 's', steps: [{ subscribe: { channel: 'a' } }] }));
    expect(parse(['--to', 'http://127.0.0.1:9/h', '--scenario', json]).request.as).toBe('sockudo');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'as: soketi\nsteps:\n  - jump: { channel: a }\n');
    expect(() => parse(['--to', 'http://127.0.0.1:9/h', '--scenario', bad])).toThrow(/--scenario .*bad\.yaml: steps\.0/);
  });
});

describe('the example scenario (examples/scenarios/presence-room.yaml)', () => {
  it('expands as the README says for soketi, sockudo and Pusher', () => {
    const plan = (as: string) => {
      const o = parse(['--to', 'http://127.0.0.1:9/h', '--scenario', join(root, 'examples/scenarios/presence-room.yaml'), '--as', as]);
      return prepareSend(o.request, realClock()).webhooks.map((w) => `${w.at}:${w.names.join('+')}`);
    };
    expect(plan('soketi')).toEqual(['0:channel_occupied', '0:member_added', '0:member_added', '0:client_event', '500:member_removed', '500:channel_vacated', '500:member_removed']);
    expect(plan('sockudo')).toEqual(['50:channel_occupied+member_added+member_added+client_event', '3550:member_removed+member_removed+channel_vacated']);
    expect(plan('pusher')).toEqual(['0:channel_occupied', '0:member_added', '0:member_added', '0:client_event', '3500:member_removed', '3500:member_removed', '3500:channel_vacated']);
  });

  it('is the file the README quotes', () => {
    const file = readFileSync(join(root, 'examples/scenarios/presence-room.yaml'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(file.join('\n'));
  });
});

describe('running', () => {
  it('prints one line per delivery and returns 0 when every webhook got a 2xx', async () => {
    const lines: string[] = [];
    app.answers.push({ status: 503 });
    const o = parse(['--to', app.url, '--as', 'sockudo', '--key', 'k', '--secret', 's', '--no-batch', '--event', 'member_added presence-r user=1', '--event', 'channel_vacated presence-r']);
    const code = await runSendCli({ ...o, request: { ...o.request, retries: 1 } }, (l) => lines.push(l), new AbortController().signal);
    expect(code).toBe(0);
    expect(lines.map((l) => l.replace(/in \d+ ms/, 'in N ms'))).toEqual([
      'webhook 1 attempt 1 -> 503 in N ms  member_added',
      'webhook 2 attempt 1 -> 200 in N ms  channel_vacated',
      'webhook 1 attempt 2 -> 200 in N ms  member_added',
    ]);
  });

  it('the command: exit 1 when the app never answers 2xx, 2 with usage for bad flags', async () => {
    app.fallback = { status: 500 };
    const failed = await cli(['--to', app.url, '--as', 'soketi', '--key', 'k', '--secret', 's', '--event', 'channel_occupied a']);
    app.fallback = {};
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^webhook 1 attempt 1 -> 500 in \d+ ms {2}channel_occupied\n$/);
    const ok = await cli(['--to', app.url, '--as', 'soketi', '--key', 'k', '--secret', 's', '--event', 'channel_occupied a', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ index: 0, attempt: 1, status: 200, request: { rawHeaders: expect.arrayContaining(['User-Agent']) } });
    const bad = await cli(['--to', app.url, '--as', 'soketi']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/hookscope send: send needs --event SPEC[\s\S]*Usage: hookscope send/);
  });
});
