import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, matchDigest, shortHex } from './digest.js';

const reference = (secret: string, msg: string) => createHmac('sha256', secret).update(msg).digest('hex');

describe('hmacSha256', () => {
  it('equals HMAC over the concatenated parts', () => {
    const parts = [new TextEncoder().encode('{"a":'), '1', new Uint8Array([0x7d])];
    expect(hmacSha256('s3cr3t', ...parts).toString('hex')).toBe(reference('s3cr3t', '{"a":1}'));
  });

  it('uses the secret as UTF-8', () => {
    expect(hmacSha256('sécret-🔑', 'x').toString('hex')).toBe(reference('sécret-🔑', 'x'));
  });
});

describe('matchDigest', () => {
  const expected = hmacSha256('k', 'body');
  const hex = expected.toString('hex');

  it('classifies every kind of received value', () => {
    expect(matchDigest(expected, hex)).toBe('valid');
    expect(matchDigest(expected, hex.toUpperCase())).toBe('uppercase_hex');
    expect(matchDigest(expected, reference('other', 'body'))).toBe('mismatch');
    expect(matchDigest(expected, reference('other', 'body').toUpperCase())).toBe('mismatch');
  });

  it('calls anything but 64 hex characters malformed', () => {
    for (const bad of ['', 'abc', hex.slice(0, 63), `${hex}0`, `${hex.slice(0, 63)}g`, ` ${hex.slice(1)}`, `sha256=${hex}`]) {
      expect(matchDigest(expected, bad)).toBe('malformed');
    }
  });
});

describe('shortHex', () => {
  it('abbreviates long digests only', () => {
    expect(shortHex('0123456789abcdef')).toBe('01234567…');
    expect(shortHex('abc')).toBe('abc');
  });
});
