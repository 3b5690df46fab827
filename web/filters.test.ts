import { describe, expect, it } from 'vitest';
import { emptyFilters, matchesLocally, needsServer, parseFilters, parseSelected, viewQuery } from './filters.js';
import { upsert, neighbourId, pruneUpTo, replaceWithPage } from './request-list.js';
import { summary } from './test-fakes.js';

describe('filters in the URL', () => {
  it('round-trips through the query string', () => {
    const filters = { method: 'POST', name: 'member_added', channel: 'presence-a b', signature: 'invalid' as const, q: 'x&y' };
    const query = viewQuery(filters, 12);
    expect(parseFilters(query)).toEqual(filters);
    expect(parseSelected(query)).toBe(12);
    expect(viewQuery(emptyFilters, null)).toBe('');
  });

  it('ignores values it does not know', () => {
    expect(parseFilters('?signature=bogus&method=post')).toEqual({ ...emptyFilters, method: 'POST' });
    expect(parseSelected('?req=abc')).toBeNull();
  });

  it('matches method, signature and event name locally; channel and q need the server', () => {
    const r = summary(1, { method: 'POST', eventNames: ['member_added'], signature: { scheme: 'pusher', status: 'valid' } });
    expect(matchesLocally(r, { ...emptyFilters, method: 'post', name: 'member_added', signature: 'valid' })).toBe(true);
    expect(matchesLocally(r, { ...emptyFilters, name: 'member_removed' })).toBe(false);
    expect(matchesLocally(r, { ...emptyFilters, signature: 'invalid' })).toBe(false);
    expect(needsServer({ ...emptyFilters, channel: 'c' })).toBe(true);
    expect(needsServer({ ...emptyFilters, name: 'n' })).toBe(false);
  });
});

describe('request list operations', () => {
  it('upsert keeps newest first, replaces same ids, merges out-of-order batches', () => {
    const list = [summary(5), summary(3)];
    expect(upsert(list, [summary(7), summary(6)]).map((r) => r.id)).toEqual([7, 6, 5, 3]);
    expect(upsert(list, [summary(4), summary(5, { method: 'PUT' })]).map((r) => `${r.id}${r.method}`)).toEqual(['5PUT', '4POST', '3POST']);
  });

  it('a fresh page keeps only the live arrivals newer than when it was asked for', () => {
    const list = [summary(9), summary(8), summary(2)];
    expect(replaceWithPage(list, [summary(7), summary(6)], 8).map((r) => r.id)).toEqual([9, 7, 6]);
  });

  it('prunes and moves', () => {
    const list = [summary(9), summary(8), summary(2)];
    expect(pruneUpTo(list, 8).map((r) => r.id)).toEqual([9]);
    expect(neighbourId(list, null, 1)).toBe(9);
    expect(neighbourId(list, 9, -1)).toBe(9);
    expect(neighbourId(list, 8, 5)).toBe(2);
  });
});
