import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPusher, verifyRequest, type VerifyCredentials } from './index.js';

const body = '{"time_ms":1795431691667,"events":[{"name":"channel_occupied","channel":"ü-room"}]}';
const bytes = new TextEncoder().encode(body);
const sig = createHmac('sha256', 'app-secret').update(body).digest('hex');
const creds: VerifyCredentials = { pusher: [{ key: 'app-key', secret: 'app-secret' }], secret: null };

function headers(extra: Record<string, string> = {}, omit: string[] = []): string[] {
  const all: Record<string, string> = {
    'Content-Type': 'application/json', 'X-Pusher-Key': 'app-key', 'X-Pusher-Signature': sig, ...extra,
  };
  return Object.entries(all).filter(([k]) => !omit.includes(k)).flat();
}

describe('signPusher', () => {
  it('is the lower-case hex HMAC of the bytes, from a string or bytes alike', () => {
    expect(signPusher(body, 'app-secret')).toBe(sig);
    expect(signPusher(bytes, 'app-secret')).toBe(sig);
    expect(signPusher(bytes, 'other')).not.toBe(sig);
  });
});

describe('pusher scheme', () => {
  it('accepts a correct signature and names the key', () => {
    const v = verifyRequest({ rawHeaders: headers(), body: bytes }, creds);
    expect(v).toEqual({
      scheme: 'pusher', status: 'valid', key: 'app-key', expected: sig, received: sig,
      message: 'Signature matches the secret for key app-key',
    });
  });

  it('selects the secret by X-Pusher-Key among rotated keys', () => {
    const rotated: VerifyCredentials = {
      pusher: [{ key: 'old', secret: 'old-secret' }, { key: 'app-key', secret: 'app-secret' }], secret: null,
    };
    expect(verifyRequest({ rawHeaders: headers(), body: bytes }, rotated)).toMatchObject({ status: 'valid', key: 'app-key' });
    const viaOld = headers({ 'X-Pusher-Key': 'old', 'X-Pusher-Signature': signPusher(bytes, 'old-secret') });
    expect(verifyRequest({ rawHeaders: viaOld, body: bytes }, rotated)).toMatchObject({ status: 'valid', key: 'old' });
  });

  it('tries every token that shares the key, as pusher-node does', () => {
    const shared: VerifyCredentials = {
      pusher: [{ key: 'app-key', secret: 'stale' }, { key: 'app-key', secret: 'app-secret' }], secret: null,
    };
    expect(verifyRequest({ rawHeaders: headers(), body: bytes }, shared).status).toBe('valid');
  });

  it('reports an unknown key and which configured key actually signed', () => {
    const v = verifyRequest({ rawHeaders: headers({ 'X-Pusher-Key': 'nobody' }), body: bytes }, creds);
    expect(v).toMatchObject({ status: 'invalid', reason: 'unknown_key', key: 'nobody', received: sig });
    expect(v.message).toContain('"nobody" names no configured key (configured: app-key)');
    expect(v.message).toContain('matches the secret for key app-key');
  });

  it('reports a missing key header, with the matching key as a hint', () => {
    const v = verifyRequest({ rawHeaders: headers({}, ['X-Pusher-Key']), body: bytes }, creds);
    expect(v).toMatchObject({ status: 'invalid', reason: 'missing_key', received: sig });
    expect(v.message).toContain('key app-key');
    const emptyKey = verifyRequest({ rawHeaders: headers({ 'X-Pusher-Key': '' }), body: bytes }, creds);
    expect(emptyKey.reason).toBe('missing_key');
  });

  it('explains a mismatch with both digests', () => {
    const tampered = new TextEncoder().encode(body.replace('occupied', 'vacated'));
    const v = verifyRequest({ rawHeaders: headers(), body: tampered }, creds);
    const expected = signPusher(tampered, 'app-secret');
    expect(v).toMatchObject({ status: 'invalid', reason: 'mismatch', expected, received: sig });
    expect(v.message).toBe(`Body or secret differ: expected ${expected.slice(0, 8)}… got ${sig.slice(0, 8)}…`);
  });

  it('accepts upper-case hex with a warning', () => {
    const v = verifyRequest({ rawHeaders: headers({ 'X-Pusher-Signature': sig.toUpperCase() }), body: bytes }, creds);
    expect(v).toMatchObject({ status: 'valid', reason: 'uppercase_hex', key: 'app-key' });
    expect(v.warnings?.join(' ')).toMatch(/upper-case hex/);
  });

  it('calls a non-hex or wrong-length signature malformed', () => {
    for (const bad of ['xyz', sig.slice(2), `sha256=${sig}`]) {
      const v = verifyRequest({ rawHeaders: headers({ 'X-Pusher-Signature': bad }), body: bytes }, creds);
      expect(v).toMatchObject({ status: 'invalid', reason: 'malformed', received: bad, expected: sig });
    }
  });

  it('says no_secret when the bin has no Pusher credentials', () => {
    const v = verifyRequest({ rawHeaders: headers(), body: bytes }, { pusher: [], secret: 'tsb' });
    expect(v).toMatchObject({ scheme: 'pusher', status: 'no_secret', key: 'app-key', received: sig });
    expect(v.expected).toBeUndefined();
    expect(v.message).toMatch(/No secret configured/);
  });

  it('treats a key without a signature, or an empty signature, as unsigned', () => {
    const keyOnly = verifyRequest({ rawHeaders: headers({}, ['X-Pusher-Signature']), body: bytes }, creds);
    expect(keyOnly).toMatchObject({ scheme: 'pusher', status: 'unsigned', reason: 'missing_signature', key: 'app-key' });
    const empty = verifyRequest({ rawHeaders: headers({ 'X-Pusher-Signature': '' }), body: bytes }, creds);
    expect(empty).toMatchObject({ scheme: 'pusher', status: 'unsigned', reason: 'missing_signature' });
  });

  it('verifies the first of duplicate signature headers and warns (sockudo appends)', () => {
    const raw = [...headers(), 'x-pusher-signature', 'custom'];
    const v = verifyRequest({ rawHeaders: raw, body: bytes }, creds);
    expect(v.status).toBe('valid');
    expect(v.warnings).toEqual([expect.stringMatching(/^2 X-Pusher-Signature headers: verified the first/)]);
    const wrongFirst = ['x-pusher-signature', 'custom', ...headers()];
    expect(verifyRequest({ rawHeaders: wrongFirst, body: bytes }, creds).reason).toBe('malformed');
  });

  it('matches lower-case header names as sockudo sends them', () => {
    const raw = ['content-type', 'application/json', 'x-pusher-key', 'app-key', 'x-pusher-signature', sig];
    expect(verifyRequest({ rawHeaders: raw, body: bytes }, creds)).toMatchObject({ status: 'valid' });
  });

  it('warns about a content type other than exactly application/json', () => {
    const charset = verifyRequest({ rawHeaders: headers({ 'Content-Type': 'application/json; charset=utf-8' }), body: bytes }, creds);
    expect(charset.status).toBe('valid');
    expect(charset.warnings).toEqual([expect.stringContaining('"application/json; charset=utf-8", not exactly application/json')]);
    const none = verifyRequest({ rawHeaders: headers({}, ['Content-Type']), body: bytes }, creds);
    expect(none.warnings).toEqual([expect.stringMatching(/^No Content-Type header/)]);
  });
});
