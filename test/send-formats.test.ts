// Contract of the broadcast-server writers (server/send/formats/): every captured or source-derived
// fixture in test/fixtures/<server>/ is rewritten from the event a person would give, with the
// fixture's time and socket ids, and must come out byte for byte: the body, and the headers in the
// same order and case with the same values (the fixture lists all it has; Pusher's three are a prefix).
import { describe, expect, it } from 'vitest';
import type { SendEvent } from '../core/send.js';
import { sendFormat, sendFormats } from '../server/send/formats/index.js';
import type { WireEvent } from '../server/send/types.js';
import { verifyRequest } from '../server/verify/index.js';
import { type Fixture, loadFixtures } from './helpers/fixtures.js';

/** A wire event back to what a person types (`user_id` -> userId, Pusher's data string -> its value). */
function asUserEvent(server: string, wire: WireEvent): SendEvent {
  if (server === 'ts-broadcasting') return { event: String(wire.event), data: wire.data };
  const e: Record<string, unknown> = { name: wire.name, channel: wire.channel };
  if (wire.user_id !== undefined) e.userId = wire.user_id;
  if (wire.event !== undefined) e.event = wire.event;
  if (wire.socket_id !== undefined) e.socketId = wire.socket_id;
  if (wire.subscription_count !== undefined) e.subscriptionCount = wire.subscription_count;
  if (wire.user_info !== undefined) e.userInfo = wire.user_info;
  if (wire.name === 'client_event') e.data = server === 'pusher' && typeof wire.data === 'string' && wire.data.startsWith('{') ? JSON.parse(wire.data) : wire.data;
  return e as unknown as SendEvent;
}

const noIds = { socketId: (): string => { throw new Error('fixture events carry their socket id'); } };

function rewrite(f: Fixture): { body: string; headers: string[] } {
  const format = sendFormat(f.server as 'pusher');
  const parsed = JSON.parse(f.request.body) as { time_ms?: number; timestamp?: number; events?: WireEvent[] } & WireEvent;
  const wires = parsed.events ?? [parsed];
  const events = wires.map((w) => format.wireEvent(asUserEvent(f.server, w), noIds));
  const timeMs = parsed.time_ms ?? (parsed.timestamp as number);
  const creds = { key: f.credentials.app_key ?? '', secret: f.credentials.secret ?? '' };
  const body = format.body({ at: 0, timeMs, events, names: events.map((e) => String(e.name ?? e.event)) }, creds);
  const ua = /Process: (\d+)/.exec(f.request.headers['User-Agent'] ?? '');
  const known = /^(accept|content-type|user-agent|x-pusher-key|x-pusher-signature|x-webhook-signature|content-length|host|connection|accept-encoding)$/i;
  const custom = Object.entries(f.request.headers).filter(([n]) => !known.test(n));
  const headers = format.headers(body, { url: new URL(f.request.url), creds, custom, pid: ua ? Number(ua[1]) : 1 });
  return { body, headers };
}

describe.each(sendFormats.map((f) => f.id))('%s writer against its fixtures', (server) => {
  const fixtures = loadFixtures(server);

  it('has fixtures', () => expect(fixtures.length).toBeGreaterThan(5));

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: same body bytes and headers', (_name, f) => {
    const { body, headers } = rewrite(f);
    expect(body).toBe(f.request.body);
    const expected = Object.entries(f.request.headers).flat();
    expect(headers.slice(0, expected.length)).toEqual(expected);
    if ('Content-Length' in f.request.headers || 'content-length' in f.request.headers) expect(headers).toEqual(expected);
    const creds = { pusher: f.credentials.app_key ? [{ key: f.credentials.app_key, secret: f.credentials.secret ?? '' }] : [], secret: f.credentials.secret };
    const verdict = verifyRequest({ rawHeaders: headers, body: Buffer.from(body) }, creds);
    expect(verdict.status).toBe(f.credentials.secret === '' ? 'unsigned' : 'valid');
  });
});

describe('what a server never sends', () => {
  const ids = { socketId: () => '1.2' };
  it('soketi has no subscription_count; ts-broadcasting no member_added; Pusher-protocol servers no { event, data }', () => {
    expect(() => sendFormat('soketi').wireEvent({ name: 'subscription_count', channel: 'c', subscriptionCount: 1 }, ids)).toThrow(/does not send "subscription_count"/);
    expect(() => sendFormat('ts-broadcasting').wireEvent({ name: 'member_added', channel: 'c' } as SendEvent, ids)).toThrow(/\{ event, data \}/);
    expect(() => sendFormat('sockudo').wireEvent({ event: 'subscribe', data: {} }, ids)).toThrow(/"name"/);
    expect(() => sendFormat('pusher').wireEvent({ name: 'member_added', channel: 'presence-a' }, ids)).toThrow(/userId/);
  });

  it('client_event data: a string for Pusher, the value for soketi and sockudo; user_id on presence for Pusher and soketi only', () => {
    const e: SendEvent = { name: 'client_event', channel: 'presence-x', event: 'client-a', data: { n: 1 }, userId: 'u', socketId: '9.9' };
    expect(sendFormat('pusher').wireEvent(e, ids)).toEqual({ name: 'client_event', channel: 'presence-x', event: 'client-a', data: '{"n":1}', socket_id: '9.9', user_id: 'u' });
    expect(sendFormat('soketi').wireEvent(e, ids)).toEqual({ name: 'client_event', channel: 'presence-x', event: 'client-a', data: { n: 1 }, socket_id: '9.9', user_id: 'u' });
    expect(sendFormat('sockudo').wireEvent(e, ids)).toEqual({ name: 'client_event', channel: 'presence-x', event: 'client-a', data: { n: 1 }, socket_id: '9.9' });
    expect(sendFormat('soketi').wireEvent({ ...e, channel: 'private-x' }, ids)).not.toHaveProperty('user_id');
    expect(sendFormat('soketi').wireEvent({ ...e, socketId: undefined }, ids)).toMatchObject({ socket_id: '1.2' });
  });

  it('custom headers: soketi cannot override X-Pusher-Key; ts-broadcasting can override anything; sockudo appends lower-case duplicates', () => {
    const url = new URL('http://127.0.0.1:9/h');
    const creds = { key: 'k', secret: 's' };
    const soketi = sendFormat('soketi').headers('{}', { url, creds, custom: [['X-Pusher-Key', 'attempted-override']], pid: 7 });
    expect(soketi.slice(6, 10)).toEqual(['X-Pusher-Key', 'k', 'X-Pusher-Signature', expect.stringMatching(/^[0-9a-f]{64}$/)]);
    const tsb = sendFormat('ts-broadcasting').headers('{}', { url, creds, custom: [['User-Agent', 'mine'], ['x-webhook-signature', 'forged']], pid: 7 });
    expect(tsb.slice(0, 6)).toEqual(['Content-Type', 'application/json', 'User-Agent', 'mine', 'X-Webhook-Signature', ', forged']);
    const sockudo = sendFormat('sockudo').headers('{}', { url, creds, custom: [['X-Pusher-Key', 'dup']], pid: 7 });
    expect(sockudo.filter((_, i) => i % 2 === 0)).toEqual(['content-type', 'x-pusher-key', 'x-pusher-signature', 'x-pusher-key', 'accept', 'host', 'content-length']);
  });
});
