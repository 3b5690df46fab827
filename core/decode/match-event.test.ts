import { describe, expect, it } from 'vitest';
import { matchEvent } from './match-event.js';

const e = { name: 'client_event', channel: 'presence-chat', event: 'client-typing', userId: 'u-1' };

describe('matchEvent', () => {
  it('an empty filter matches everything', () => {
    expect(matchEvent(e, {})).toBe(true);
    expect(matchEvent({ name: 'x' }, { name: '', channel: '' })).toBe(true);
  });

  it('each set field must equal exactly (case-sensitive, no wildcards)', () => {
    expect(matchEvent(e, { name: 'client_event', channel: 'presence-chat', event: 'client-typing', userId: 'u-1' })).toBe(true);
    expect(matchEvent(e, { name: 'Client_event' })).toBe(false);
    expect(matchEvent(e, { channel: 'presence-*' })).toBe(false);
    expect(matchEvent(e, { userId: 'u-2' })).toBe(false);
    expect(matchEvent(e, { name: 'client_event', event: 'client-wave' })).toBe(false);
  });

  it('a filter on a field the event lacks does not match', () => {
    expect(matchEvent({ name: 'channel_occupied', channel: 'c' }, { userId: 'u-1' })).toBe(false);
  });
});
