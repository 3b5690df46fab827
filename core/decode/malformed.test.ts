// Malformed and hostile bodies decode to a clear failure (a value) and still get a view; never a throw.
import { describe, expect, it } from 'vitest';
import { decodeBody } from './decode-body.js';
import { MAX_JSON_DEPTH } from './json-safe.js';

const enc = (s: string) => new TextEncoder().encode(s);
const json = (s: string) => decodeBody({ body: enc(s), contentType: 'application/json' });

describe('malformed payloads', () => {
  it('truncated JSON is a json failure shown as text', () => {
    const r = json('{"time_ms":1795431691704,"events":[{"name":"chan');
    expect(r).toMatchObject({ ok: false, decoder: 'json', view: { kind: 'text' } });
    expect(!r.ok && r.reason).toMatch(/^invalid JSON: /);
  });

  it('"events" that is not an array is a pusher-batch failure shown as JSON', () => {
    for (const events of ['{}', '"x"', '3', 'null']) {
      expect(json(`{"time_ms":1,"events":${events}}`)).toMatchObject({
        ok: false, decoder: 'pusher-batch', reason: '"events" is not an array', view: { kind: 'json' },
      });
    }
  });

  it('an event without a name, or with a non-string name, or not an object, names the event', () => {
    expect(json('{"time_ms":1,"events":[{"name":"a"},{"channel":"b"}]}')).toMatchObject({ ok: false, reason: 'events[1] has no name' });
    expect(json('{"time_ms":1,"events":[{"name":7}]}')).toMatchObject({ ok: false, reason: 'events[0] has no name' });
    expect(json('{"time_ms":1,"events":[{"name":""}]}')).toMatchObject({ ok: false, reason: 'events[0] has no name' });
    expect(json('{"time_ms":1,"events":[["name"]]}')).toMatchObject({ ok: false, reason: 'events[0] is not an object' });
  });

  it('10 MB of nested arrays is refused quickly, before JSON.parse builds it', () => {
    const depth = 5 * 1024 * 1024;
    const started = performance.now();
    const r = json('['.repeat(depth) + ']'.repeat(depth));
    expect(r).toMatchObject({ ok: false, decoder: 'json', reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, view: { kind: 'text' } });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('deep nesting that is also truncated, or made of objects, fails the same way', () => {
    expect(json('['.repeat(100_000))).toMatchObject({ ok: false, reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
    expect(json('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000))).toMatchObject({ ok: false, decoder: 'json' });
  });

  it('nesting up to the limit still decodes; brackets inside strings do not count', () => {
    const ok = json('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    expect(ok).toMatchObject({ ok: true, decoder: 'json' });
    const inString = json(`{"s":"${'['.repeat(5000)}"}`);
    expect(inString).toMatchObject({ ok: true, decoder: 'json' });
  });

  it('counts both bracket kinds together: neither alone passes the limit, the nesting does', () => {
    // 300 objects each holding an array: 600 levels, but only 300 of each bracket.
    const mixed = '{"a":['.repeat(300) + '1' + ']}'.repeat(300);
    expect(json(mixed)).toMatchObject({ ok: false, decoder: 'json', reason: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` });
    // Many brackets side by side (not nested) are fine.
    expect(json(`[${'[],'.repeat(2000)}[]]`)).toMatchObject({ ok: true, decoder: 'json' });
  });

  it('a deeply nested JSON string inside client_event data is kept as the string', () => {
    const inner = JSON.stringify('['.repeat(5000) + ']'.repeat(5000));
    const r = json(`{"time_ms":1795431691704,"events":[{"name":"client_event","channel":"c","data":${inner}}]}`);
    expect(r.ok && r.events[0].data).toBe(JSON.parse(inner));
  });

  it('invalid UTF-8 is a failure when declared JSON, and a binary view otherwise', () => {
    const bad = new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]);
    expect(decodeBody({ body: bad, contentType: 'application/json' })).toMatchObject({
      ok: false, decoder: 'json', reason: 'invalid UTF-8', view: { kind: 'binary', hex: '7b22ff227d', size: 5 },
    });
    expect(decodeBody({ body: bad, contentType: null })).toMatchObject({ ok: true, decoder: 'binary' });
    expect(decodeBody({ body: bad, contentType: 'application/x-www-form-urlencoded' })).toMatchObject({
      ok: false, decoder: 'form', reason: 'invalid UTF-8', view: { kind: 'binary' },
    });
  });

  it('an overlong UTF-8 encoding and a lone surrogate encoding are invalid', () => {
    for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      expect(decodeBody({ body: new Uint8Array(bytes), contentType: 'text/plain' })).toMatchObject({ ok: true, decoder: 'binary' });
    }
  });

  it('every prefix of a real batch decodes without throwing and always has a view', () => {
    const body = '{"time_ms":1732357200123,"events":[{"name":"client_event","channel":"presence-chat","event":"client-typing","data":"{\\"typing\\":true}","socket_id":"123.4567","user_id":"user-42"}]}';
    for (let n = 0; n <= body.length; n++) {
      const r = decodeBody({ body: enc(body.slice(0, n)), contentType: 'application/json' });
      expect(r.view.kind).toBeTypeOf('string');
      if (n < body.length) expect(r.ok).toBe(false);
    }
  });

  it('an empty body declared as JSON is a failure; undeclared it is empty text', () => {
    expect(decodeBody({ body: new Uint8Array(0), contentType: 'application/json' })).toMatchObject({ ok: false, reason: 'empty body' });
    expect(decodeBody({ body: new Uint8Array(0), contentType: null })).toEqual({ ok: true, decoder: 'text', events: [], view: { kind: 'text', text: '' } });
  });

  it('a multipart body without a boundary or a closing delimiter is a failure shown as text', () => {
    expect(decodeBody({ body: enc('--b\r\n\r\nx'), contentType: 'multipart/form-data' })).toMatchObject({
      ok: false, decoder: 'multipart', reason: 'multipart without a boundary parameter', view: { kind: 'text' },
    });
    expect(decodeBody({ body: enc('--b\r\n\r\nx'), contentType: 'multipart/form-data; boundary=b' })).toMatchObject({
      ok: false, decoder: 'multipart', reason: 'multipart closing boundary missing', view: { kind: 'text' },
    });
  });
});
