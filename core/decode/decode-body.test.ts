// decodeBody / decodeBodyAsync: Content-Encoding handling, laziness (JSON parsed at most once,
// pretty-printing only on demand) and the sync/async contract.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeBody, decodeBodyAsync } from './decode-body.js';
import { contentCodings, inflateWithStreams } from './inflate.js';

const enc = (s: string) => new TextEncoder().encode(s);
const batch = '{"time_ms":1795431691704,"events":[{"name":"channel_occupied","channel":"private-orders"}]}';

async function compress(format: CompressionFormat, bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Content-Encoding', () => {
  it('decodeBody refuses compressed bodies with a binary view of the stored bytes', async () => {
    const gz = await compress('gzip', enc(batch));
    expect(decodeBody({ body: gz, contentType: 'application/json', contentEncoding: 'gzip' })).toEqual({
      ok: false, decoder: null, reason: 'compressed', view: { kind: 'binary', hex: expect.stringMatching(/^1f8b/), size: gz.length },
    });
  });

  it('identity and empty encodings are not compressed', () => {
    expect(contentCodings('identity')).toEqual([]);
    expect(contentCodings(' ')).toEqual([]);
    expect(contentCodings('GZIP, br')).toEqual(['gzip', 'br']);
    expect(decodeBody({ body: enc(batch), contentType: null, contentEncoding: 'Identity' })).toMatchObject({ ok: true, decoder: 'pusher-batch' });
  });

  it.each(['gzip', 'x-gzip', 'deflate'] as const)('decodeBodyAsync undoes %s with DecompressionStream', async (coding) => {
    const body = await compress(coding === 'x-gzip' ? 'gzip' : coding, enc(batch));
    const r = await decodeBodyAsync({ body, contentType: 'application/json', contentEncoding: coding });
    expect(r).toMatchObject({ ok: true, decoder: 'pusher-batch', events: [{ name: 'channel_occupied', channel: 'private-orders' }] });
    expect(r.ok && r.warnings).toEqual([`decoded Content-Encoding ${coding} (${body.length} -> ${batch.length} bytes)`]);
  });

  it('undoes stacked codings last-applied first', async () => {
    const body = await compress('gzip', await compress('deflate', enc(batch)));
    expect(await decodeBodyAsync({ body, contentType: null, contentEncoding: 'deflate, gzip' })).toMatchObject({ ok: true, decoder: 'pusher-batch' });
  });

  it('uses the caller inflate when given (brotli from the server)', async () => {
    const inflate = vi.fn((coding: string, body: Uint8Array) => (coding === 'br' ? body.subarray(3) : body));
    const body = new Uint8Array([1, 2, 3, ...enc('{"a":1}')]);
    const r = await decodeBodyAsync({ body, contentType: 'application/json', contentEncoding: 'br' }, inflate);
    expect(inflate).toHaveBeenCalledWith('br', body);
    expect(r).toMatchObject({ ok: true, decoder: 'json', view: { kind: 'json', value: { a: 1 } } });
  });

  it('an unsupported coding without inflate is a failure, not a throw', async () => {
    const body = enc('whatever');
    expect(await decodeBodyAsync({ body, contentType: null, contentEncoding: 'br' })).toEqual({
      ok: false, decoder: null, reason: 'compressed: unsupported content-encoding br', view: { kind: 'binary', hex: '7768617465766572', size: 8 },
    });
  });

  it('corrupt or truncated gzip, and a throwing inflate, are failures with the stored bytes shown', async () => {
    const gz = await compress('gzip', enc(batch));
    for (const body of [enc('not gzip at all'), gz.subarray(0, gz.length - 6)]) {
      const r = await decodeBodyAsync({ body, contentType: 'application/json', contentEncoding: 'gzip' });
      expect(r).toMatchObject({ ok: false, decoder: null, view: { kind: 'binary', size: body.length } });
      // The same words on every platform (not node:zlib's or the browser's own message).
      expect(!r.ok && r.reason).toBe('compressed: cannot decode content-encoding gzip: not valid gzip data, or truncated');
    }
    const throwing = () => { throw new Error('boom'); };
    expect(await decodeBodyAsync({ body: gz, contentType: null, contentEncoding: 'gzip' }, throwing)).toMatchObject({
      ok: false, reason: 'compressed: cannot decode content-encoding gzip: not valid gzip data, or truncated',
    });
  });

  it('refuses a decompressed body above the limit (gzip bomb)', async () => {
    const gz = await compress('gzip', new Uint8Array(1024 * 1024));
    await expect(inflateWithStreams('gzip', gz, 64 * 1024)).rejects.toThrow('decompressed body exceeds 65536 bytes');
  });
});

describe('laziness', () => {
  it('parses a JSON body once however many decoders look at it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const r = decodeBody({ body: enc('{"hello":"world"}'), contentType: 'application/json' });
    expect(r).toMatchObject({ ok: true, decoder: 'json' });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('does not parse a body that cannot be JSON', () => {
    const parse = vi.spyOn(JSON, 'parse');
    expect(decodeBody({ body: enc('a=1'), contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ decoder: 'form' });
    expect(decodeBody({ body: enc('hello'), contentType: null })).toMatchObject({ decoder: 'text' });
    expect(parse).not.toHaveBeenCalled();
  });

  it('pretty-prints only when the json view is read, once', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const r = decodeBody({ body: enc('{"a":[1,2]}'), contentType: null });
    expect(stringify).not.toHaveBeenCalled();
    if (r.view.kind !== 'json') throw new Error('expected a json view');
    expect(r.view.pretty).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(r.view.pretty).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(stringify).toHaveBeenCalledTimes(1);
  });

  it('event decoders return the parsed event objects themselves as raw (no copy)', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const r = decodeBody({ body: enc(batch), contentType: 'application/json' });
    const parsed = parse.mock.results[0].value as { events: unknown[] };
    expect(r.ok && r.events[0].raw).toBe(parsed.events[0]);
  });
});
