import { describe, expect, it } from 'vitest';
import { findHeader, hasHeader } from './headers.js';

describe('findHeader', () => {
  const raw = ['Host', 'x', 'X-Pusher-Signature', 'first', 'content-type', 'application/json', 'x-pusher-signature', 'second'];

  it('matches names case-insensitively and returns the first value with a count', () => {
    expect(findHeader(raw, 'x-pusher-signature')).toEqual({ value: 'first', count: 2 });
    expect(findHeader(raw, 'content-type')).toEqual({ value: 'application/json', count: 1 });
  });

  it('reports absence as undefined with count 0', () => {
    expect(findHeader(raw, 'x-pusher-key')).toEqual({ value: undefined, count: 0 });
    expect(hasHeader(raw, 'x-pusher-key')).toBe(false);
    expect(hasHeader(raw, 'host')).toBe(true);
  });

  it('never takes a value for a name', () => {
    expect(findHeader(['a', 'x-pusher-key'], 'x-pusher-key').count).toBe(0);
    expect(findHeader(['x-pusher-key'], 'x-pusher-key').count).toBe(0);
  });

  it('keeps an empty value apart from an absent header', () => {
    expect(findHeader(['X-Webhook-Signature', ''], 'x-webhook-signature')).toEqual({ value: '', count: 1 });
  });
});
