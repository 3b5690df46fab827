import { describe, expect, it } from 'vitest';
import { ANY_EVENT, decodeTerms, encodeTerms, filterTerms, termsOf } from './terms.js';

describe('index terms', () => {
  it('are the distinct field values of the events, ANY_EVENT first, none without events', () => {
    expect(termsOf([])).toEqual([]);
    expect(termsOf([
      { name: 'member_added', channel: 'presence-1', userId: '42' },
      { name: 'member_added', channel: 'presence-2', userId: '42' },
      { name: 'client_event', channel: 'presence-1', event: 'client-typing', userId: '' },
    ])).toEqual([ANY_EVENT, 'n:member_added', 'c:presence-1', 'u:42', 'c:presence-2', 'n:client_event', 'e:client-typing']);
  });

  it('of a filter are the fields it sets; a filter on nothing needs any event', () => {
    expect(filterTerms({ name: 'member_added', channel: '', userId: '7' })).toEqual(['n:member_added', 'u:7']);
    expect(filterTerms({})).toEqual([ANY_EVENT]);
  });

  it('round-trip through their stored text, newlines and backslashes included', () => {
    const terms = ['*', 'u:a\nb', 'c:back\\slash', 'u:\\n literally', 'e:', 'n:ünï'];
    expect(decodeTerms(encodeTerms(terms))).toEqual(terms);
    expect(encodeTerms([])).toBeNull();
    expect(decodeTerms(null)).toEqual([]);
    expect(encodeTerms(['*', 'n:x'])).toBe('*\nn:x');
  });
});
