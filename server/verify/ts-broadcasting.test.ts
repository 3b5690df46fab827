import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyRequest, type VerifyCredentials } from './index.js';
import { findBodySignature, tsBroadcastingDigest } from './ts-broadcasting.js';

// Build a body exactly as ts-broadcasting does (formats.md 4.2).
const unsigned = JSON.stringify({ event: 'subscribe', timestamp: 1795431812534, data: { socketId: 's', channel: 'presence-ü' } });
const sig = createHmac('sha256', 'tsb-secret').update(unsigned).digest('hex');
const signedBody = `${unsigned.slice(0, -1)},"signature":"${sig}"}`;
const enc = (s: string) => new TextEncoder().encode(s);
const creds: VerifyCredentials = { pusher: [], secret: 'tsb-secret' };
const hdrs = (value?: string) =>
  value === undefined ? ['Content-Type', 'application/json'] : ['Content-Type', 'application/json', 'X-Webhook-Signature', value];

describe('findBodySignature', () => {
  it('finds the trailing member and the signed prefix', () => {
    const bytes = Buffer.from(signedBody);
    const found = findBodySignature(bytes);
    expect(found?.value).toBe(sig);
    // prefixEnd is a byte offset (the body holds a 2-byte ü).
    expect(`${bytes.toString('utf8', 0, found?.prefixEnd)}}`).toBe(unsigned);
  });

  it('ignores bodies whose last member is not a signature string', () => {
    for (const body of [unsigned, '{"event":"x","data":{"signature":"ab"}}', '{"event":"x","signature":"a","b":"c"}', '"}', '']) {
      expect(findBodySignature(Buffer.from(body))).toBeNull();
    }
  });
});

describe('ts-broadcasting scheme', () => {
  it('verifies the body without its signature member, never the raw body', () => {
    const v = verifyRequest({ rawHeaders: hdrs(sig), body: enc(signedBody) }, creds);
    expect(v).toEqual({
      scheme: 'ts-broadcasting', status: 'valid', expected: sig, received: sig,
      message: "Signature matches the bin's ts-broadcasting secret",
    });
    expect(tsBroadcastingDigest(enc(signedBody), 'tsb-secret')).toBe(sig);
  });

  it('detects mismatch on a tampered body and on a wrong secret', () => {
    const tampered = verifyRequest({ rawHeaders: hdrs(sig), body: enc(signedBody.replace('subscribe', 'subscribf')) }, creds);
    expect(tampered).toMatchObject({ status: 'invalid', reason: 'mismatch', received: sig });
    const wrong = verifyRequest({ rawHeaders: hdrs(sig), body: enc(signedBody) }, { pusher: [], secret: 'nope' });
    expect(wrong).toMatchObject({ status: 'invalid', reason: 'mismatch' });
  });

  it('falls back to the body copy when the header is absent or empty, with a warning', () => {
    for (const raw of [hdrs(), hdrs('')]) {
      const v = verifyRequest({ rawHeaders: raw, body: enc(signedBody) }, creds);
      expect(v).toMatchObject({ scheme: 'ts-broadcasting', status: 'valid', received: sig });
      expect(v.warnings?.[0]).toMatch(/X-Webhook-Signature header: verified the signature inside the body/);
    }
  });

  it('treats an empty header and an unsigned body as unsigned', () => {
    const v = verifyRequest({ rawHeaders: hdrs(''), body: enc(unsigned) }, creds);
    expect(v).toMatchObject({ scheme: 'ts-broadcasting', status: 'unsigned', reason: 'missing_signature' });
  });

  it('says so when header and body signature disagree', () => {
    const other = createHmac('sha256', 'x').update('y').digest('hex');
    const headerWrong = verifyRequest({ rawHeaders: hdrs(other), body: enc(signedBody) }, creds);
    expect(headerWrong).toMatchObject({ status: 'invalid', reason: 'mismatch', received: other });
    expect(headerWrong.warnings?.[0]).toMatch(/disagree: verified the header \(the body signature matches\)/);
    const bodyWrong = `${unsigned.slice(0, -1)},"signature":"${other}"}`;
    const headerRight = verifyRequest({ rawHeaders: hdrs(sig), body: enc(bodyWrong) }, creds);
    expect(headerRight.status).toBe('valid');
    expect(headerRight.warnings?.[0]).toMatch(/disagree: verified the header \(the body signature does not match either\)/);
  });

  it('verifies a header-only signature over the whole body, with a warning', () => {
    const whole = createHmac('sha256', 'tsb-secret').update(unsigned).digest('hex');
    const v = verifyRequest({ rawHeaders: hdrs(whole), body: enc(unsigned) }, creds);
    expect(v.status).toBe('valid');
    expect(v.warnings?.[0]).toMatch(/no "signature" member/);
  });

  it('reports upper-case, malformed and no_secret', () => {
    const upper = verifyRequest({ rawHeaders: hdrs(sig.toUpperCase()), body: enc(signedBody) }, creds);
    expect(upper).toMatchObject({ status: 'valid', reason: 'uppercase_hex' });
    expect(upper.warnings).toHaveLength(1);
    const malformed = verifyRequest({ rawHeaders: hdrs('nope'), body: enc(signedBody) }, creds);
    expect(malformed).toMatchObject({ status: 'invalid', reason: 'malformed', received: 'nope' });
    for (const secret of [null, '']) {
      const none = verifyRequest({ rawHeaders: hdrs(sig), body: enc(signedBody) }, { pusher: [], secret });
      expect(none).toMatchObject({ scheme: 'ts-broadcasting', status: 'no_secret', received: sig });
    }
  });

  it('does not warn about a charset content type (no receiver rejects it)', () => {
    const raw = ['Content-Type', 'application/json; charset=utf-8', 'X-Webhook-Signature', sig];
    expect(verifyRequest({ rawHeaders: raw, body: enc(signedBody) }, creds).warnings).toBeUndefined();
  });
});
