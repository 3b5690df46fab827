// Contract suite for the payload decoders: every fixture under test/fixtures/<dir>/*.json is decoded
// and compared with the reviewed oracle beside it (<name>.expected.json). A registered decoder that no
// fixture exercises fails, and so does a fixture without an oracle or an oracle without a fixture.
// Regenerate missing oracles with UPDATE_EXPECTED=1 (then review them against formats.md by hand).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBody, decodeBodyAsync, decoders, DECODER_VERSION, type DecodeInput, type DecodeResult, type Inflate } from '../core/index.js';

interface FixtureFile {
  file: string;
  path: string;
  request: { headers: Record<string, string>; body?: string; bodyBase64?: string };
  body_json?: unknown;
}

const root = new URL('./fixtures/', import.meta.url);
const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const fixtures: FixtureFile[] = dirs.flatMap((dir) => readdirSync(new URL(`${dir}/`, root))
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .map((f) => {
    const path = new URL(`${dir}/${f}`, root);
    return { ...(JSON.parse(readFileSync(path, 'utf8')) as Omit<FixtureFile, 'file' | 'path'>), file: `${dir}/${f}`, path: path.pathname };
  }));
const expectedPath = (fx: FixtureFile) => fx.path.replace(/\.json$/, '.expected.json');

function header(fx: FixtureFile, name: string): string | null {
  const hit = Object.entries(fx.request.headers).find(([n]) => n.toLowerCase() === name);
  return hit ? hit[1] : null;
}

function inputOf(fx: FixtureFile): DecodeInput {
  const { body, bodyBase64 } = fx.request;
  const bytes = bodyBase64 !== undefined
    ? Uint8Array.from(atob(bodyBase64), (c) => c.charCodeAt(0))
    : new TextEncoder().encode(body ?? '');
  return { body: bytes, contentType: header(fx, 'content-type'), contentEncoding: header(fx, 'content-encoding') };
}

/** What the server passes: node:zlib, including brotli. */
const nodeInflate: Inflate = (coding, body) => {
  if (coding === 'br') return brotliDecompressSync(body);
  if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(body);
  if (coding === 'deflate') return inflateSync(body);
  throw new Error(`unsupported coding ${coding}`);
};

/** The result as it travels over the wire (getters such as json.pretty evaluated). */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/**
 * The oracle form: as on the wire, with JSON.parse's message (which differs between V8 versions,
 * e.g. Node 22 adds line and column) cut to its stable prefix.
 */
function oracleForm(result: unknown): unknown {
  const r = wire(result) as { reason?: string };
  if (r.reason?.startsWith('invalid JSON: ')) r.reason = 'invalid JSON: <engine message>';
  return r;
}

describe.each(fixtures.map((fx) => [fx.file, fx] as const))('fixture %s', (_file, fx) => {
  it('decodes to its reviewed oracle', async () => {
    const result = oracleForm(await decodeBodyAsync(inputOf(fx), nodeInflate));
    const path = expectedPath(fx);
    if (!existsSync(path) && process.env.UPDATE_EXPECTED === '1') writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
    expect(existsSync(path), `missing oracle ${path}`).toBe(true);
    expect(result).toEqual(JSON.parse(readFileSync(path, 'utf8')));
  });

  it('decodes the same synchronously when not compressed', async () => {
    const input = inputOf(fx);
    const sync = decodeBody(input);
    if (input.contentEncoding) expect(sync).toMatchObject({ ok: false, decoder: null, reason: 'compressed', view: { kind: 'binary' } });
    else expect(wire(sync)).toEqual(wire(await decodeBodyAsync(input)));
  });

  it('keeps each event object exactly as sent in raw, indexed in order', () => {
    const input = inputOf(fx);
    const result = input.contentEncoding ? null : decodeBody(input);
    if (!result?.ok || result.events.length === 0) return;
    result.events.forEach((e, i) => expect(e.index).toBe(i));
    const sent = JSON.parse(new TextDecoder().decode(input.body)) as { events?: unknown[] };
    const raws = result.events.map((e) => e.raw);
    expect(raws).toEqual(result.decoder === 'pusher-batch' ? sent.events : [sent]);
    if (fx.body_json !== undefined) expect(raws).toEqual(result.decoder === 'pusher-batch' ? (fx.body_json as { events: unknown[] }).events : [fx.body_json]);
  });
});

describe('decoder registry against the fixtures', () => {
  let results: DecodeResult[] = [];
  beforeAll(async () => {
    results = await Promise.all(fixtures.map((fx) => decodeBodyAsync(inputOf(fx), nodeInflate)));
  });

  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(40);
  });

  it.each(decoders.map((d) => [d.id] as const))('%s has at least one fixture it decodes successfully', (id) => {
    expect(results.filter((r) => r.ok && r.decoder === id).length).toBeGreaterThan(0);
  });

  it('every oracle belongs to a fixture', () => {
    const orphans = dirs.flatMap((dir) => readdirSync(new URL(`${dir}/`, root))
      .filter((f) => f.endsWith('.expected.json') && !existsSync(new URL(`${dir}/${f.replace(/\.expected\.json$/, '.json')}`, root)))
      .map((f) => `${dir}/${f}`));
    expect(orphans).toEqual([]);
  });

  it('ids are unique, binary is the last resort, and DECODER_VERSION names them all', () => {
    const ids = decoders.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['pusher-batch', 'sockudo-event', 'ts-broadcasting', 'multipart', 'form', 'json', 'text', 'binary']);
    for (const id of ids) expect(DECODER_VERSION).toContain(id);
  });
});
