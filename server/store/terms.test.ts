import { describe, expect, it } from 'vitest';
import { ANY_EVENT, decodeEntries, distinctEntries, encodeEntries, filterTerms, isExact, termsOf } from './terms.js';

describe('index terms', () => {
  it('are the distinct field values and name+channel pairs of the events, ANY_EVENT first, none without events', () => {
    expect(termsOf([])).toEqual([]);
    expect(termsOf([
      { name: 'member_added', channel: 'presence-1', userId: '42' },
      { name: 'member_added', channel: 'presence-2', userId: '42' },
      { name: 'client_event', channel: 'presence-1', event: 'client-typing', userId: '' },
    ])).toEqual([
      ANY_EVENT, 'n:member_added', 'c:presence-1', 'nc:member_added\u0000presence-1', 'u:42', 'c:presence-2', 'nc:member_added\u0000presence-2',
      'n:client_event', 'nc:client_event\u0000presence-1', 'e:client-typing',
    ]);
  });

  it('of a filter are the fields it sets (a name and a channel as one pair); a filter on nothing needs any event', () => {
    expect(filterTerms({ name: 'member_added', channel: '', userId: '7' })).toEqual(['n:member_added', 'u:7']);
    expect(filterTerms({ name: 'member_added', channel: 'presence-1' })).toEqual(['nc:member_added\u0000presence-1']);
    expect(filterTerms({ channel: 'presence-1', event: 'client-x' })).toEqual(['c:presence-1', 'e:client-x']);
    expect(filterTerms({})).toEqual([ANY_EVENT]);
    expect([isExact({ name: 'a' }), isExact({ name: 'a', channel: 'b' }), isExact({ name: 'a', userId: '1' })]).toEqual([true, true, false]);
  });

  it('come from the distinct event keys, which round-trip through their stored text, odd characters included', () => {
    const events = [
      { name: 'member_added', channel: 'presence-1', userId: '42' },
      { name: 'member_added', channel: 'presence-1', userId: '42' },
      { name: 'client_event', channel: 'a\nb\u001fc\\d', event: 'client-\\n', userId: 'ü' },
      { name: '' },
    ];
    const keys = distinctEntries(events);
    expect(keys).toHaveLength(3);
    expect(decodeEntries(encodeEntries(keys))).toEqual(keys);
    expect(termsOf(decodeEntries(encodeEntries(keys)))).toEqual(termsOf(events));
    expect(encodeEntries([])).toBeNull();
    expect(decodeEntries(null)).toEqual([]);
  });
});
