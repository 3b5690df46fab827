// The MCP server (issue 18): the official SDK's own Client, over stdio (spawning `hookscope mcp`) and
// over streamable HTTP (POST /mcp of a running server), lists the tools and calls each one against
// a real hookscope with a signed Pusher webhook stored.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { fixture, sendableHeaders } from './helpers/fixtures.js';
import { send } from './helpers/http.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const member = fixture('pusher', 'member_added');
const key = member.credentials.app_key ?? '';
const secret = member.credentials.secret ?? '';
const TOOLS = ['create_bin', 'explain_signature', 'get_channel', 'get_request', 'list_bins', 'list_channels', 'list_events', 'list_requests', 'send_webhooks', 'wait_for_channel', 'wait_for_event'];

interface Result {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true });
});
afterAll(() => s.close());

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'hookscope-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Result & { text: string }> {
  const r = (await client.callTool({ name, arguments: args })) as Result;
  return { ...r, text: r.content.map((c) => c.text ?? '').join('\n') };
}

/** Every tool, against a bin of its own. */
async function exercise(client: Client, bin: string): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
  for (const t of tools) {
    expect(t.description?.length, t.name).toBeGreaterThan(20);
    expect(t.inputSchema.type).toBe('object');
    expect(t.outputSchema?.type).toBe('object');
  }

  const created = await call(client, 'create_bin', { name: bin, pusher: [{ key, secret }] });
  expect(created.isError).toBeFalsy();
  expect(created.structuredContent?.url).toBe(`${s.url}/h/${bin}`);
  expect(created.text).toContain(`${s.url}/h/${bin}`);

  const bins = await call(client, 'list_bins', {});
  expect((bins.structuredContent?.bins as { id: string }[]).map((b) => b.id)).toContain(bin);
  expect(bins.text).toContain(bin);

  // A wait that blocks until the webhook arrives (after: 0 on the empty bin: whichever comes first,
  // the wait's start or the arrival, the event counts).
  const waiting = call(client, 'wait_for_event', { bin, name: 'member_added', after: 0, timeout: 10_000 });
  const sent = await send(`${s.url}/h/${bin}/pusher?from=mcp`, { headers: [...sendableHeaders(member), ['X-Trace', 'a'], ['x-trace', 'b']], body: member.request.body });
  const id = (JSON.parse(sent.body.toString()) as { id: number }).id;
  const waited = await waiting;
  expect(waited.structuredContent).toMatchObject({ matched: true, event: { name: 'member_added', userId: 'a_user_id' }, request: { id } });
  expect(waited.text).toContain('member_added');
  // By default only arrivals after the call count: the stored one does not.
  const fresh = await call(client, 'wait_for_event', { bin, name: 'member_added', timeout: 100 });
  expect(fresh.structuredContent?.matched).toBe(false);

  const missed = await call(client, 'wait_for_event', { bin, name: 'member_removed', after: 0, timeout: 200 });
  expect(missed.isError).toBeFalsy();
  expect(missed.structuredContent?.matched).toBe(false);
  expect(missed.structuredContent?.nearMisses).toMatchObject([{ event: { name: 'member_added' }, differs: ['name'] }]);
  expect(missed.text).toContain('Near misses');

  const list = await call(client, 'list_requests', { bin });
  expect(list.structuredContent?.requests).toMatchObject([{ id, method: 'POST', path: `/h/${bin}/pusher`, query: 'from=mcp' }]);
  expect(list.text).toContain(`#${id}`);
  expect(list.text).toContain('valid (pusher');

  const detail = await call(client, 'get_request', { bin, id });
  const raw = detail.structuredContent?.rawHeaders as string[];
  expect(raw.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'x-trace')).toEqual(['X-Trace', 'x-trace']);
  expect(detail.structuredContent).toMatchObject({ body: member.request.body, bodyEncoding: 'utf8', bodyCut: false, signature: { status: 'valid' } });
  expect(detail.structuredContent?.events).toMatchObject([{ name: 'member_added', channel: 'presence-your_channel_name' }]);
  expect(detail.text).toContain('X-Trace: a');
  expect(detail.text).toContain('valid: Pusher');
  expect(detail.text).toContain(member.request.body);
  const cut = await call(client, 'get_request', { bin, id, maxBodyChars: 10 });
  expect(cut.structuredContent).toMatchObject({ body: member.request.body.slice(0, 10), bodyCut: true });

  const events = await call(client, 'list_events', { bin, name: 'member_added' });
  expect(events.structuredContent).toMatchObject({ events: [{ requestId: id, index: 0, request: { id } }], next: null });

  const explained = await call(client, 'explain_signature', { bin, id });
  expect(explained.structuredContent).toMatchObject({ checkedWith: 'bin', verdict: { status: 'valid', scheme: 'pusher' } });
  const wrong = await call(client, 'explain_signature', { bin, id, secret: 'not-the-secret' });
  expect(wrong.structuredContent).toMatchObject({ checkedWith: 'given_secret', verdict: { status: 'invalid', reason: 'mismatch' }, stored: { status: 'valid' } });
  expect(wrong.text).toContain('expected digest');
  const right = await call(client, 'explain_signature', { bin, id, secret });
  expect(right.structuredContent).toMatchObject({ verdict: { status: 'valid' } });

  // channel state from the stored member_added
  const channels = await call(client, 'list_channels', { bin, prefix: 'presence-' });
  expect(channels.structuredContent?.channels).toMatchObject([{ name: 'presence-your_channel_name', type: 'presence', members: [{ userId: 'a_user_id' }] }]);
  expect(channels.text).toContain('members a_user_id');
  const room = await call(client, 'get_channel', { bin, channel: 'presence-your_channel_name' });
  expect(room.structuredContent).toMatchObject({ members: [{ userId: 'a_user_id' }], timeline: [{ requestId: id, name: 'member_added' }], asOf: id });
  expect(room.text).toContain(`#${id}:0`);
  const holds = await call(client, 'wait_for_channel', { bin, channel: 'presence-your_channel_name', occupied: true, members: ['a_user_id'], timeout: 2000 });
  expect(holds.structuredContent).toMatchObject({ matched: true, channel: { members: [{ userId: 'a_user_id' }] } });
  const notYet = await call(client, 'wait_for_channel', { bin, channel: 'presence-your_channel_name', members: ['a_user_id', 'bob'], timeout: 300 });
  expect(notYet.structuredContent).toMatchObject({ matched: false, channel: { members: [{ userId: 'a_user_id' }] } });
  expect(notYet.text).toContain('bob');
  const noChannel = await call(client, 'get_channel', { bin, channel: 'nope' });
  expect(noChannel.isError).toBe(true);
  expect(noChannel.text).toContain('channel_not_found');

  // send_webhooks: hookscope plays soketi against a capture URL of its own, signed with the bin's secret.
  const sent2 = await call(client, 'send_webhooks', { to: `${s.url}/h/${bin}/from-soketi`, as: 'soketi', bin, events: [{ name: 'member_removed', channel: 'presence-room', userId: '7' }] });
  expect(sent2.isError).toBeFalsy();
  expect(sent2.structuredContent?.deliveries).toMatchObject([{ index: 0, attempt: 1, status: 200, events: ['member_removed'] }]);
  expect(sent2.text).toContain('webhook #0 attempt 1 -> 200');
  const arrived = await call(client, 'wait_for_event', { bin, name: 'member_removed', after: id, timeout: 5000 });
  expect(arrived.structuredContent).toMatchObject({ matched: true, event: { userId: '7' }, request: { signature: { status: 'valid' } } });
  const refused = await call(client, 'send_webhooks', { to: `${s.url}/h/${bin}`, as: 'soketi', events: [{ name: 'member_removed', channel: 'x', userId: '1' }] });
  expect(refused.isError).toBe(true);
  expect(refused.text).toContain('invalid_send');

  const failed = await call(client, 'get_request', { bin: `${bin}-missing`, id: 1 });
  expect(failed.isError).toBe(true);
  expect(failed.text).toContain('bin_not_found');
  const invalid = await call(client, 'list_requests', { bin, limit: 'lots' });
  expect(invalid.isError).toBe(true);
}

describe('MCP over streamable HTTP (POST /mcp)', () => {
  it('lists the tools and calls each one', async () => {
    const client = await connect(new StreamableHTTPClientTransport(new URL(`${s.url}/mcp`)));
    try {
      await exercise(client, 'mcp-http');
    } finally {
      await client.close();
    }
  });

  it('is behind --token and the origin guard like the API', async () => {
    const locked = await startHookscope({ port: 0, db: ':memory:', quiet: true, token: 'mcp-token' });
    try {
      const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
      const post = (headers: Record<string, string>) =>
        fetch(`${locked.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(init) });
      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: 'Bearer mcp-token', origin: 'http://evil.example' })).status).toBe(403);
      const client = await connect(new StreamableHTTPClientTransport(new URL(`${locked.url}/mcp`), { requestInit: { headers: { Authorization: 'Bearer mcp-token' } } }));
      try {
        const bins = await call(client, 'create_bin', { name: 'locked' });
        expect(bins.isError).toBeFalsy();
      } finally {
        await client.close();
      }
      const get = await fetch(`${locked.url}/mcp`, { headers: { authorization: 'Bearer mcp-token' } });
      expect(get.status).toBe(405);
      expect(await get.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    } finally {
      await locked.close();
    }
  });
});

describe('MCP over stdio (hookscope mcp)', () => {
  it('lists the tools and calls each one', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'server/cli.ts', 'mcp', '--from', s.url],
      cwd: root,
      stderr: 'pipe',
    });
    const client = await connect(transport);
    try {
      await exercise(client, 'mcp-stdio');
    } finally {
      await client.close();
    }
  });

  it('rejects bad arguments with the usage', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'mcp', '--from', 'ftp://x'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('must be an http or https URL');
    expect(r.stderr).toContain('Usage: hookscope mcp');
  });
});
