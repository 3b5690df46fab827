import { describe, expect, it } from 'vitest';
import { schemes, signPusher, verifyRequest, type VerifyCredentials } from './index.js';

const creds: VerifyCredentials = { pusher: [{ key: 'k', secret: 's' }], secret: 't' };
const enc = (s: string) => new TextEncoder().encode(s);

describe('verifyRequest', () => {
  it('calls a request without any signature unsigned, with no scheme', () => {
    const raw = ['Content-Type', 'application/json', 'X-Signature', 'abc'];
    expect(verifyRequest({ rawHeaders: raw, body: enc('{"event":"x"}') }, creds)).toEqual({ scheme: null, status: 'unsigned' });
    expect(verifyRequest({ rawHeaders: [], body: new Uint8Array() }, creds)).toEqual({ scheme: null, status: 'unsigned' });
  });

  it('detects ts-broadcasting from the body alone only when it looks like its envelope', () => {
    const sigMember = `,"signature":"${'a'.repeat(64)}"}`;
    expect(verifyRequest({ rawHeaders: [], body: enc(`{"event":"x"${sigMember}`) }, creds).scheme).toBe('ts-broadcasting');
    expect(verifyRequest({ rawHeaders: [], body: enc(`{"other":"x"${sigMember}`) }, creds).scheme).toBeNull();
  });

  it('prefers the Pusher header when both schemes could apply', () => {
    const body = enc('{"event":"x"}');
    const raw = ['X-Webhook-Signature', 'zz', 'X-Pusher-Key', 'k', 'X-Pusher-Signature', signPusher(body, 's')];
    expect(verifyRequest({ rawHeaders: raw, body }, creds)).toMatchObject({ scheme: 'pusher', status: 'valid' });
  });

  it('verifies the exact bytes of a view into a larger buffer', () => {
    const backing = enc('GARBAGE{"time_ms":1,"events":[]}MORE');
    const body = backing.subarray(7, backing.length - 4);
    const raw = ['Content-Type', 'application/json', 'X-Pusher-Key', 'k', 'X-Pusher-Signature', signPusher('{"time_ms":1,"events":[]}', 's')];
    expect(verifyRequest({ rawHeaders: raw, body }, creds).status).toBe('valid');
  });

  it('never reports the same warnings array twice (verdicts are independent values)', () => {
    const body = enc('{}');
    const raw = ['X-Pusher-Key', 'k', 'X-Pusher-Signature', signPusher(body, 's')];
    const a = verifyRequest({ rawHeaders: raw, body }, creds);
    const b = verifyRequest({ rawHeaders: raw, body }, creds);
    expect(a.warnings).toHaveLength(1);
    expect(a.warnings).not.toBe(b.warnings);
  });
});

describe('schemes registry', () => {
  it('has unique ids and lower-case header names', () => {
    const ids = schemes.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of schemes) {
      expect(s.signatureHeader).toBe(s.signatureHeader.toLowerCase());
      if (s.keyHeader !== null) expect(s.keyHeader).toBe(s.keyHeader.toLowerCase());
    }
  });
});
