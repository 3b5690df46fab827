// Properties of the signature schemes (server/verify): any headers, body and secrets give a verdict,
// never a throw; the same input gives the same verdict; a body signed the way each sender signs it is
// valid, and one changed byte makes it invalid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemes, signPusher, verifyRequest } from '../server/verify/index.js';
import { tsBroadcastingDigest } from '../server/verify/ts-broadcasting.js';
import { bodyCase, hex64, rawHeaders } from './property-arbitraries.js';

const credentials = fc.record({
  pusher: fc.array(fc.record({ key: fc.string({ maxLength: 20 }), secret: fc.string({ maxLength: 40 }) }), { maxLength: 3 }),
  secret: fc.oneof(fc.constant(null), fc.string({ maxLength: 40 })),
});
const secret = fc.string({ minLength: 1, maxLength: 40 });
const STATUSES = ['valid', 'invalid', 'unsigned', 'no_secret'];

describe('signature schemes (property)', () => {
  it('give a verdict for any request and any secrets, never a throw, the same one twice', () => {
    fc.assert(
      fc.property(rawHeaders, bodyCase, credentials, (headers, c, creds) => {
        const v = verifyRequest({ rawHeaders: headers, body: c.body }, creds);
        expect(STATUSES).toContain(v.status);
        expect(v.scheme === null || schemes.some((s) => s.id === v.scheme)).toBe(true);
        expect(verifyRequest({ rawHeaders: [...headers], body: c.body.slice() }, creds)).toEqual(v);
      }),
      { numRuns: 800 },
    );
  });

  it('compute a 64-hex digest for any body and secret, the same one twice', () => {
    fc.assert(
      fc.property(bodyCase, secret, (c, s) => {
        for (const scheme of schemes) {
          const digest = scheme.expectedDigest(c.body, s);
          expect(digest).toMatch(/^[0-9a-f]{64}$/);
          expect(scheme.expectedDigest(c.body, s)).toBe(digest);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Pusher: a body signed with the key\'s secret is valid; one changed byte, or another secret, is invalid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), fc.string({ minLength: 1, maxLength: 20 }), secret, fc.nat(), (body, key, s, at) => {
        const creds = { pusher: [{ key, secret: s }], secret: null };
        const headers = ['X-Pusher-Key', key, 'X-Pusher-Signature', signPusher(body, s)];
        expect(verifyRequest({ rawHeaders: headers, body }, creds).status).toBe('valid');
        const tampered = body.slice();
        tampered[at % body.length] ^= 0x01;
        expect(verifyRequest({ rawHeaders: headers, body: tampered }, creds)).toMatchObject({ status: 'invalid', reason: 'mismatch' });
        expect(verifyRequest({ rawHeaders: headers, body }, { pusher: [{ key, secret: s + 'x' }], secret: null }).status).toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });

  it('ts-broadcasting: an envelope signed as ts-broadcasting signs it is valid by header and by body', () => {
    const envelope = fc.record({ event: fc.string(), data: fc.json().map((j) => JSON.parse(j) as unknown), timestamp: fc.integer() });
    fc.assert(
      fc.property(envelope, secret, (e, s) => {
        const unsigned = new TextEncoder().encode(JSON.stringify(e));
        const digest = tsBroadcastingDigest(unsigned, s);
        const signed = new TextEncoder().encode(JSON.stringify({ ...e, signature: digest }));
        const creds = { pusher: [], secret: s };
        expect(verifyRequest({ rawHeaders: ['X-Webhook-Signature', digest], body: signed }, creds).status).toBe('valid');
        expect(verifyRequest({ rawHeaders: [], body: signed }, creds).status).toBe('valid');
        expect(verifyRequest({ rawHeaders: ['X-Webhook-Signature', digest], body: signed }, { pusher: [], secret: s + 'x' }).status).toBe('invalid');
      }),
      { numRuns: 300 },
    );
  });

  it('reads an upper-case hex signature as valid with a warning, a malformed one as malformed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), secret, hex64, (body, s, junk) => {
        const creds = { pusher: [{ key: 'k', secret: s }], secret: null };
        const upper = verifyRequest({ rawHeaders: ['X-Pusher-Key', 'k', 'X-Pusher-Signature', signPusher(body, s).toUpperCase()], body }, creds);
        expect(upper.status).toBe('valid');
        expect(upper.reason).toBe('uppercase_hex');
        const short = verifyRequest({ rawHeaders: ['X-Pusher-Key', 'k', 'X-Pusher-Signature', junk.slice(0, 63)], body }, creds);
        expect(short).toMatchObject({ status: 'invalid', reason: 'malformed' });
      }),
      { numRuns: 200 },
    );
  });
});
