import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ConnectionState, createLiveConnect, type LiveMessage, type SocketLike } from './live.js';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closedWith: number | undefined;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
  close(code?: number): void {
    this.closedWith = code;
  }
  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006): void {
    this.onclose?.({ code });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const messages: LiveMessage[] = [];
  const states: ConnectionState[] = [];
  let after: number | undefined;
  const connect = createLiveConnect({
    origin: 'ws://host',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  const conn = connect('my bin', {
    onMessage: (m) => {
      messages.push(m);
      if (m.type === 'requests') after = m.requests[m.requests.length - 1].id;
    },
    onState: (s) => states.push(s),
    after: () => after,
  });
  return { sockets, messages, states, conn, last: () => sockets[sockets.length - 1] };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createLiveConnect', () => {
  it('connects without after, then resumes after the highest id on reconnect', () => {
    const t = setup();
    expect(t.last().url).toBe('ws://host/api/bins/my%20bin/live');
    t.last().receive({ type: 'hello', bin: 'my bin', lastId: 0 });
    expect(t.states.at(-1)).toBe('live');
    t.last().receive({ type: 'requests', requests: [{ id: 41 }, { id: 42 }] });
    t.last().drop();
    expect(t.states.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(499);
    expect(t.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(t.last().url).toBe('ws://host/api/bins/my%20bin/live?after=42');
  });

  it('backs off 0.5 s doubling to 5 s, says offline after repeated failures, and resets on hello', () => {
    const t = setup();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = t.sockets.length;
      t.last().drop();
      let waited = 0;
      while (t.sockets.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect(t.states).toContain('offline');
    t.last().receive({ type: 'hello', bin: 'my bin', lastId: 0 });
    expect(t.states.at(-1)).toBe('live');
    t.last().drop();
    expect(t.states.at(-1)).toBe('reconnecting');
  });

  it('reconnects at once (minimum delay) after close code 1013', () => {
    const t = setup();
    t.last().receive({ type: 'hello', bin: 'my bin', lastId: 0 });
    t.last().drop(1006);
    vi.advanceTimersByTime(500);
    t.last().drop(1006);
    vi.advanceTimersByTime(1000);
    t.last().drop(1013);
    vi.advanceTimersByTime(500);
    expect(t.sockets).toHaveLength(4);
  });

  it('stops on bin_deleted and on close, without reconnecting', () => {
    const t = setup();
    t.last().receive({ type: 'bin_deleted' });
    expect(t.messages.at(-1)).toEqual({ type: 'bin_deleted' });
    expect(t.last().closedWith).toBe(1000);
    vi.advanceTimersByTime(10_000);
    expect(t.sockets).toHaveLength(1);
    expect(t.states.at(-1)).toBe('closed');
  });

  it('ignores frames that are not JSON', () => {
    const t = setup();
    t.last().onmessage?.({ data: 'not json' });
    t.last().onmessage?.({ data: new Uint8Array([1]) });
    expect(t.messages).toEqual([]);
  });
});
