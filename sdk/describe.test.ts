import { describe, expect, it } from 'vitest';
import type { DecodedEvent, RequestSummary } from '../core/wire.js';
import { describeExpected, describeNearMisses, differingFields, normalizeNearMisses } from './describe.js';

const ev = (name: string, channel?: string, extra: Partial<DecodedEvent> = {}): DecodedEvent => ({ requestId: 1, index: 0, name, channel, raw: {}, ...extra });
const req = (status: 'valid' | 'invalid' = 'valid', method = 'POST'): RequestSummary =>
  ({ id: 7, method, path: '/h/b', signature: { scheme: 'pusher', status } }) as RequestSummary;

describe('wait messages', () => {
  it('describes what was expected', () => {
    expect(describeExpected({ name: 'member_added', channel: 'presence-room-1' })).toBe('member_added on presence-room-1');
    expect(describeExpected({ name: 'client_event', event: 'client-typing', userId: '42', method: 'post', signature: 'valid' })).toBe(
      'client_event client-typing for user 42 via POST with signature valid',
    );
    expect(describeExpected({})).toBe('any event');
  });

  it('names near misses, annotating the subtle ones', () => {
    const match = { name: 'member_added', channel: 'presence-room-1' };
    const misses = normalizeNearMisses(
      [{ event: ev('channel_occupied', 'presence-room-1'), request: req() }, { event: ev('member_added', 'presence-room-2'), request: req() }],
      match,
    );
    expect(describeNearMisses(misses)).toBe('channel_occupied presence-room-1, member_added presence-room-2 (channel differs)');
    expect(misses[1].differs).toEqual(['channel']);
  });

  it('says when the signature or user is what differs', () => {
    const match = { name: 'member_added', userId: '42', signature: 'valid' as const };
    const misses = normalizeNearMisses([{ event: ev('member_added', 'p', { userId: '43' }), request: req('invalid') }], match);
    expect(describeNearMisses(misses)).toBe('member_added p user 43 (user_id differs, signature invalid)');
  });

  it('accepts bare events and bare requests, keeps server-given differs, lists at most 10', () => {
    expect(normalizeNearMisses([ev('x', 'c')], { name: 'y' })[0]).toMatchObject({ event: { name: 'x' }, request: null, differs: ['name'] });
    const bare = normalizeNearMisses([req('valid', 'GET')], { method: 'POST' });
    expect(bare[0]).toMatchObject({ event: null, differs: ['method'] });
    expect(describeNearMisses(bare)).toBe('GET /h/b (request 7, no events) (method differs)');
    expect(normalizeNearMisses([{ event: ev('a'), differs: ['channel'] }], { name: 'a' })[0].differs).toEqual(['channel']);
    expect(normalizeNearMisses('nope', {})).toEqual([]);
    const many = normalizeNearMisses(Array.from({ length: 12 }, () => ev('x')), { name: 'y' });
    expect(describeNearMisses(many)).toMatch(/^x(, x){9}, and 2 more$/);
    expect(describeNearMisses([])).toBe('nothing');
  });

  it('works out differing fields', () => {
    expect(differingFields({ name: 'a', channel: 'c' }, ev('a', 'c'), req())).toEqual([]);
    expect(differingFields({ name: 'a', event: 'e' }, null, null)).toEqual(['name', 'event']);
  });
});
