import { describe, expect, it } from 'vitest';
import { initialForm, sendInput, withEvent, withServer } from './send-form.js';

const bin = { id: 'b1', url: 'http://127.0.0.1:8484/h/b1' };

describe('the send form as data', () => {
  it('defaults to soketi member_added to this bin, signed with its credentials, no retries', () => {
    expect(sendInput(initialForm(), bin)).toEqual({
      to: bin.url, bin: 'b1', as: 'soketi', retries: 0,
      events: [{ name: 'member_added', channel: 'presence-room-1', userId: '42' }],
    });
  });

  it('a client event carries its own name and parsed data; a URL target needs a secret', () => {
    const form = { ...withEvent(initialForm(), 'pusher', 'client_event'), data: '{"a": 1}', target: 'url' as const, url: 'http://app/hooks' };
    expect(sendInput(form, bin)).toBe('the app secret is needed to sign');
    expect(sendInput({ ...form, key: 'k', secret: 's', retry: true }, bin)).toEqual({
      to: 'http://app/hooks', as: 'pusher', key: 'k', secret: 's',
      events: [{ name: 'client_event', channel: 'private-chat', userId: '42', event: 'client-typing', data: { a: 1 } }],
    });
    expect(sendInput({ ...form, data: '{oops' }, bin)).toBe('data is not valid JSON');
  });

  it('switching server keeps the event when it has it, else takes its first; ts-broadcasting sends { event, data }', () => {
    expect(withServer(initialForm(), 'sockudo').event).toBe('member_added');
    const tsb = withServer(initialForm(), 'ts-broadcasting');
    expect(tsb.event).toBe('connection');
    const input = sendInput(withEvent(tsb, 'ts-broadcasting', 'subscribe'), bin);
    expect(input).toMatchObject({ as: 'ts-broadcasting', events: [{ event: 'subscribe', data: { channel: 'news' } }] });
    expect(sendInput({ ...initialForm(), userId: '' }, bin)).toBe('member_added needs a user id');
  });
});
