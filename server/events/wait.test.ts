import { describe, expect, it } from 'vitest';
import type { DecodedEvent, RequestSummary } from '../../core/wire.js';
import { createHub } from '../live/hub.js';
import type { DecodedRequestLoader } from './decoded-requests.js';
import type { FirstMatch } from './first-match.js';
import { createWaits } from './wait.js';

const summary = (id: number): RequestSummary => ({
  id, bin: 'b', method: 'POST', path: '/', query: '', size: 0, contentType: null, receivedAt: 0, truncated: false,
  remoteAddress: null, signature: { scheme: null, status: 'unsigned' }, decoder: 'pusher', eventCount: 1,
  eventNames: ['member_added'], response: null,
});
const event = (requestId: number): DecodedEvent => ({ requestId, index: 0, name: 'member_added' }) as DecodedEvent;
const loader = {
  one: async (_bin: string, id: number) => ({ summary: summary(id), events: [event(id)] }),
  range: async () => [],
} as unknown as DecodedRequestLoader;

describe('wait: the default `after` (now)', () => {
  it('counts a commit announced after subscribing even when the store head read after it already includes it', async () => {
    const hub = createHub();
    let head!: (id: number) => void;
    // The store answers "newest request" only after the new request has been committed and announced:
    // what a database read racing the commit sees.
    const store = { latestId: () => new Promise<number>((r) => (head = r)), find: async () => null } as unknown as FirstMatch;
    const waits = createWaits(hub, loader, store);
    const outcome = waits.wait('b', { name: 'member_added' }, { timeoutMs: 2000 });
    hub.publish('b', { type: 'requests', requests: [summary(7)] });
    head(7);
    await expect(outcome).resolves.toMatchObject({ type: 'match', match: { event: { requestId: 7 } } });
    expect(hub.subscriberCount('b')).toBe(0);
  });

  it('an explicit `after` still skips what it names', async () => {
    const hub = createHub();
    const store = { latestId: async () => 7, find: async () => null } as unknown as FirstMatch;
    const waits = createWaits(hub, loader, store);
    const outcome = waits.wait('b', { name: 'member_added' }, { after: { requestId: 7, index: 1_000_000 }, timeoutMs: 50 });
    hub.publish('b', { type: 'requests', requests: [summary(7)] });
    await expect(outcome).resolves.toMatchObject({ type: 'timeout' });
  });
});
