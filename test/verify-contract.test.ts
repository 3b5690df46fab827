// Contract suite for signature schemes: every registered scheme against every fixture of
// test/fixtures/<server>/*.json (schema: test/fixtures/README.md). A registered scheme without
// a fixture fails, and so does a fixture no registered scheme claims.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SignatureVerdict } from '../core/wire.js';
import { schemes, verifyRequest, type SignatureSchemeImpl, type VerifyCredentials } from '../server/verify/index.js';

interface Fixture {
  file: string;
  credentials: { app_key: string | null; secret: string };
  request: { headers: Record<string, string>; body: string };
  signature: { header: string; value: string };
}

const root = new URL('./fixtures/', import.meta.url);
const fixtures: Fixture[] = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(new URL(`${d.name}/`, root))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .map((f) => ({ ...JSON.parse(readFileSync(new URL(`${d.name}/${f}`, root), 'utf8')), file: `${d.name}/${f}` })))
  // Signed fixtures only: test/fixtures/generic/ holds decoder cases without a signature block.
  .filter((fx: Partial<Fixture>) => fx.signature !== undefined);

/** The registered scheme whose signature header the fixture names. */
const schemeOf = (fx: Fixture) =>
  schemes.find((s) => fx.signature.header.toLowerCase().split(/\s/)[0] === s.signatureHeader);

const enc = (s: string) => new TextEncoder().encode(s);
const rawOf = (headers: Record<string, string>) => Object.entries(headers).flat();
const isNamed = (n: string, lower: string) => n.toLowerCase() === lower;

function withHeader(raw: string[], lower: string, value: string | null): string[] {
  const out: string[] = [];
  let replaced = false;
  for (let i = 0; i < raw.length; i += 2) {
    if (!isNamed(raw[i], lower)) out.push(raw[i], raw[i + 1]);
    else if (value !== null && !replaced) { out.push(raw[i], value); replaced = true; }
  }
  if (value !== null && !replaced) out.push(lower, value);
  return out;
}

/** Change one character of the signed content (offset 10 is past `{"event":` / `{"time_ms"`). */
function tamper(body: string): string {
  for (let i = 10; i < body.length; i++) {
    const c = body[i];
    if (/[0-9]/.test(c)) return body.slice(0, i) + String((Number(c) + 1) % 10) + body.slice(i + 1);
    if (/[a-z]/.test(c)) return body.slice(0, i) + c.toUpperCase() + body.slice(i + 1);
  }
  throw new Error('nothing to tamper with');
}

function credsFor(fx: Fixture, secret = fx.credentials.secret): VerifyCredentials {
  const key = fx.credentials.app_key;
  return { pusher: key === null ? [] : [{ key, secret }], secret };
}

describe('signature scheme registry', () => {
  it.each(schemes.map((s) => [s.id, s] as const))('%s has at least one signed fixture', (_id, scheme) => {
    expect(fixtures.filter((fx) => schemeOf(fx) === scheme && fx.signature.value !== '').length).toBeGreaterThan(0);
  });

  it('every fixture belongs to a registered scheme', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    expect(fixtures.filter((fx) => schemeOf(fx) === undefined).map((fx) => fx.file)).toEqual([]);
  });
});

function contract(scheme: SignatureSchemeImpl, fx: Fixture): void {
  const raw = rawOf(fx.request.headers);
  const body = enc(fx.request.body);
  const sig = fx.signature.value;
  const key = fx.credentials.app_key ?? undefined;
  const verify = (rawHeaders: string[], creds = credsFor(fx), b = body): SignatureVerdict =>
    verifyRequest({ rawHeaders, body: b }, creds);

  if (sig === '') {
    it('is unsigned', () => {
      expect(verify(raw)).toMatchObject({ status: 'unsigned' });
      expect(verify(raw, { pusher: [], secret: null }).status).toBe('unsigned');
    });
    return;
  }

  it('valid as sent', () => {
    const expected: SignatureVerdict = { scheme: scheme.id, status: 'valid', expected: sig, received: sig };
    if (key !== undefined) expected.key = key;
    expect(verify(raw)).toEqual({ ...expected, message: expect.stringMatching(/^Signature matches/) });
    expect(scheme.expectedDigest(body, fx.credentials.secret)).toBe(sig);
  });

  it('tampered body -> mismatch', () => {
    expect(verify(raw, credsFor(fx), enc(tamper(fx.request.body)))).toMatchObject({ scheme: scheme.id, status: 'invalid', reason: 'mismatch', received: sig });
  });

  it('wrong secret -> mismatch', () => {
    const v = verify(raw, credsFor(fx, `${fx.credentials.secret}-wrong`));
    expect(v).toMatchObject({ status: 'invalid', reason: 'mismatch', received: sig });
    expect(v.expected).not.toBe(sig);
    expect(v.message).toMatch(/^Body or secret differ: expected [0-9a-f]{8}… got [0-9a-f]{8}…$/);
  });

  it('missing signature header', () => {
    const v = verify(withHeader(raw, scheme.signatureHeader, null));
    // A scheme that copies the signature into the body still verifies it, and says so.
    if (fx.signature.header.includes('also in body')) {
      expect(v).toMatchObject({ scheme: scheme.id, status: 'valid', received: sig });
      expect(v.warnings?.some((w) => w.includes('inside the body'))).toBe(true);
    } else {
      expect(v).toMatchObject({ status: 'unsigned' });
    }
  });

  it('upper-case hex -> valid with a warning', () => {
    const v = verify(withHeader(raw, scheme.signatureHeader, sig.toUpperCase()));
    expect(v).toMatchObject({ scheme: scheme.id, status: 'valid', reason: 'uppercase_hex' });
    expect(v.warnings?.filter((w) => /upper-case hex/.test(w))).toHaveLength(1);
  });

  it('malformed signature', () => {
    for (const bad of ['not-a-signature', sig.slice(1), `${sig}00`]) {
      expect(verify(withHeader(raw, scheme.signatureHeader, bad))).toMatchObject({ status: 'invalid', reason: 'malformed', received: bad });
    }
  });

  it('content type with charset', () => {
    const v = verify(withHeader(raw, 'content-type', 'application/json; charset=utf-8'));
    expect(v.status).toBe('valid');
    if (scheme.contentType === undefined) expect(v.warnings).toBeUndefined();
    else expect(v.warnings).toEqual([expect.stringContaining('"application/json; charset=utf-8"')]);
  });

  it('no secret configured -> no_secret', () => {
    const v = verify(raw, { pusher: [], secret: null });
    expect(v).toMatchObject({ scheme: scheme.id, status: 'no_secret', received: sig });
    expect(v.expected).toBeUndefined();
  });

  if (scheme.keyHeader === null || key === undefined) return;
  const keyHeader = scheme.keyHeader;
  const rotated: VerifyCredentials = {
    pusher: [{ key: 'rotated-old', secret: 'old-secret' }, { key, secret: fx.credentials.secret }], secret: null,
  };

  it('key rotation: the key header selects the second key', () => {
    expect(verify(raw, rotated)).toMatchObject({ status: 'valid', key });
  });

  it('unknown key -> unknown_key', () => {
    expect(verify(withHeader(raw, keyHeader, 'nobody'), rotated)).toMatchObject({ status: 'invalid', reason: 'unknown_key', key: 'nobody' });
    expect(verify(withHeader(raw, keyHeader, 'rotated-old'), rotated)).toMatchObject({ status: 'invalid', reason: 'mismatch', key: 'rotated-old' });
  });

  it('missing key header -> missing_key', () => {
    expect(verify(withHeader(raw, keyHeader, null))).toMatchObject({ status: 'invalid', reason: 'missing_key', received: sig });
  });
}

for (const scheme of schemes) {
  describe(`scheme ${scheme.id}`, () => {
    for (const fx of fixtures.filter((f) => schemeOf(f) === scheme)) describe(fx.file, () => contract(scheme, fx));
  });
}
