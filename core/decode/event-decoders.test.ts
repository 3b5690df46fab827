// Field mapping of the event decoders (pusher-batch, sockudo-event, ts-broadcasting), per formats.md.
import { describe, expect, it } from 'vitest';
import { decodeBody } from './decode-body.js';
import { normalizeTime } from './event-fields.js';
import type { DecodeResult } from './types.js';

const decode = (s: string, contentType: string | null = 'application/json') =>
  decodeBody({ body: new TextEncoder().encode(s), contentType });
const events = (r: DecodeResult) => (r.ok ? r.events : []);

describe('time normalisation (formats.md §6 item 5)', () => {
  it('treats values below 1e11 as seconds and keeps milliseconds', () => {
    expect(normalizeTime(1795431691)).toBe(1795431691000);
    expect(normalizeTime(1795431691.5)).toBe(1795431691500);
    expect(normalizeTime(1795431691704)).toBe(1795431691704);
    expect(normalizeTime(99_999_999_999)).toBe(99_999_999_999_000);
    expect(normalizeTime(100_000_000_000)).toBe(100_000_000_000);
  });

  it('ignores what is not a non-negative finite number', () => {
    for (const v of ['1795431691704', null, -1, Number.NaN, Infinity, {}]) expect(normalizeTime(v)).toBeUndefined();
  });
});

describe('pusher-batch', () => {
  it('per-event time_ms wins over the envelope; pusher-fake seconds become ms', () => {
    const r = decode('{"events":[{"name":"a","time_ms":1795431691},{"name":"b"}],"time_ms":1795431600}');
    expect(events(r).map((e) => e.time)).toEqual([1795431691000, 1795431600000]);
  });

  it('parses a JSON-string data but keeps raw.data the string; non-JSON strings stay strings', () => {
    const r = decode('{"time_ms":1,"events":[{"name":"client_event","data":"{\\"x\\":[1]}"},{"name":"client_event","data":"hi there"},{"name":"client_event","data":{"y":2}}]}');
    const [a, b, c] = events(r);
    expect(a.data).toEqual({ x: [1] });
    expect((a.raw as { data: unknown }).data).toBe('{"x":[1]}');
    expect(b.data).toBe('hi there');
    expect(c.data).toEqual({ y: 2 });
  });

  it('leaves absent fields out and stringifies numeric user ids', () => {
    const [e] = events(decode('{"time_ms":1795431691704,"events":[{"name":"member_added","channel":"presence-x","user_id":42}]}'));
    expect(e).toEqual({ index: 0, name: 'member_added', channel: 'presence-x', userId: '42', time: 1795431691704, raw: { name: 'member_added', channel: 'presence-x', user_id: 42 } });
    expect(Object.keys(e)).not.toContain('data');
  });

  it('passes unknown names and extra fields through untouched', () => {
    const body = '{"time_ms":1795431691704,"events":[{"name":"annotation_created","channel":"c","message_serial":"m1","extra":{"k":[1,2]}}]}';
    const [e] = events(decode(body));
    expect(e.name).toBe('annotation_created');
    expect(e.raw).toEqual(JSON.parse(body).events[0]);
  });

  it('decodes regardless of the content type, and warns on odd envelopes', () => {
    expect(decode('{"time_ms":1795431691704,"events":[{"name":"a"}]}', 'text/plain')).toMatchObject({ ok: true, decoder: 'pusher-batch' });
    expect(decode('{"events":[{"name":"a"}]}')).toMatchObject({ ok: true, decoder: 'pusher-batch', warnings: ['no time_ms in the envelope'] });
    expect(decode('{"time_ms":"soon","events":[]}')).toMatchObject({
      ok: true, events: [], warnings: ['time_ms is not a non-negative number', '"events" is empty'],
    });
  });

  it('leaves other JSON with an "events" member to the json decoder', () => {
    expect(decode('{"events":[1,2,3]}')).toMatchObject({ ok: true, decoder: 'json' });
    expect(decode('{"events":"none"}')).toMatchObject({ ok: true, decoder: 'json' });
  });

  it('accepts a UTF-8 BOM and leading whitespace', () => {
    expect(decode('\uFEFF \n{"time_ms":1795431691704,"events":[{"name":"a"}]}')).toMatchObject({ ok: true, decoder: 'pusher-batch' });
  });
});

describe('sockudo-event', () => {
  it('decodes a bare event object carrying its own time_ms', () => {
    const r = decode('{"name":"member_updated","channel":"presence-lobby","user_id":"u-1","user_info":{"a":1},"time_ms":1795431691704}');
    expect(r).toMatchObject({ ok: true, decoder: 'sockudo-event', events: [{ index: 0, name: 'member_updated', channel: 'presence-lobby', userId: 'u-1', time: 1795431691704 }] });
  });

  it('is not claimed without time_ms, and warns on a bad one', () => {
    expect(decode('{"name":"x","channel":"c"}')).toMatchObject({ decoder: 'json' });
    expect(decode('{"name":"x","time_ms":null}')).toMatchObject({ ok: true, decoder: 'sockudo-event', warnings: ['time_ms is not a non-negative number'] });
  });
});

describe('ts-broadcasting (formats.md §4.3)', () => {
  const body = (event: string, data: unknown) => JSON.stringify({ event, timestamp: 1795431811630, data, signature: 'ab' });

  it('maps event, channel, socketId, user id, time and data', () => {
    const [e] = events(decode(body('subscribe', { socketId: 's-1', channel: 'presence-room', channelData: { user_id: 7 } })));
    expect(e).toMatchObject({ name: 'subscribe', channel: 'presence-room', socketId: 's-1', userId: '7', time: 1795431811630 });
    expect(e.data).toEqual({ socketId: 's-1', channel: 'presence-room', channelData: { user_id: 7 } });
    expect(e.raw).toEqual(JSON.parse(body('subscribe', { socketId: 's-1', channel: 'presence-room', channelData: { user_id: 7 } })));
  });

  it('prefers data.user.id over channelData', () => {
    const [e] = events(decode(body('connection', { socketId: 's', user: { id: 'u-a' }, channelData: { user_id: 'u-b' } })));
    expect(e.userId).toBe('u-a');
  });

  it('copes with non-object data', () => {
    expect(decode(body('broadcast', 'hello'))).toMatchObject({ ok: true, events: [{ name: 'broadcast', data: 'hello' }] });
    expect(decode(body('broadcast', null))).toMatchObject({ ok: true, events: [{ name: 'broadcast', data: null }] });
  });

  it('an empty event name is a failure', () => {
    expect(decode(body('', {}))).toMatchObject({ ok: false, decoder: 'ts-broadcasting', reason: 'the "event" name is empty' });
  });
});
