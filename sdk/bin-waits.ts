// waitForEvent, waitForRequest and expectNoEvent of a bin handle: the cursor rules and the messages.
import type { RequestDetail } from '../core/wire.js';
import { type Cursor, type Position, parsePosition } from './cursor.js';
import { describeEvent, describeExpected, describeNearMisses, type WaitMatch } from './describe.js';
import { HookscopeUnexpectedEventError, HookscopeWaitError } from './errors.js';
import { type Http, segment } from './http.js';
import type { EventMatch, ExpectNoEventOptions, RequestWaitMatch, WaitedEvent, WaitOptions } from './types.js';
import { DEFAULT_TIMEOUT, longPoll } from './wait.js';

export interface BinWaits {
  waitForEvent(match: EventMatch, options?: WaitOptions): Promise<WaitedEvent>;
  waitForRequest(match?: RequestWaitMatch, options?: Omit<WaitOptions, 'method' | 'signature'>): Promise<RequestDetail>;
  expectNoEvent(match: EventMatch, options: ExpectNoEventOptions): Promise<void>;
}

export interface WaitDeps {
  http: Http;
  binId: string;
  cursor: Cursor;
  /** The newest stored request id (for `after: 'now'`). */
  newestId(): Promise<number>;
}

export function createBinWaits(deps: WaitDeps): BinWaits {
  const binPath = `/api/bins/${segment(deps.binId)}`;

  async function start(after: WaitOptions['after']): Promise<Position> {
    if (after === undefined) return deps.cursor.get();
    if (after === 'now') return { requestId: await deps.newestId() };
    return parsePosition(after);
  }

  async function waitMatch(match: WaitMatch, options: WaitOptions, what: string) {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    const outcome = await longPoll(deps.http, binPath, {
      match,
      after: await start(options.after),
      timeout,
      signal: options.signal,
    });
    if (!outcome.ok) {
      const message = `expected ${what} within ${timeout} ms; got: ${describeNearMisses(outcome.nearMisses)}`;
      throw new HookscopeWaitError(message, timeout, outcome.nearMisses);
    }
    const { event, request } = outcome;
    deps.cursor.advance(event ? { requestId: request.id, index: event.index } : { requestId: request.id });
    return outcome;
  }

  return {
    async waitForEvent(match, options = {}) {
      const full: WaitMatch = { ...pickEvent(match), method: options.method, signature: options.signature };
      const { event, request } = await waitMatch(full, options, describeExpected(full));
      if (!event) throw new Error(`hookscope answered a wait for ${describeExpected(full)} without an event`);
      return { ...event, request };
    },
    async waitForRequest(match = {}, options = {}) {
      const full: WaitMatch = { ...pickEvent(match), method: match.method, signature: match.signature };
      const hasEventFilter = Object.values(pickEvent(match)).some((v) => v !== undefined);
      const what = hasEventFilter ? `a request carrying ${describeExpected(full)}` : describeExpected(full).replace('any event', 'a request');
      const { request } = await waitMatch(full, options, what);
      return (await deps.http.call<RequestDetail>('GET', `${binPath}/requests/${request.id}`)).body;
    },
    async expectNoEvent(match, options) {
      const full: WaitMatch = { ...pickEvent(match), method: options.method, signature: options.signature };
      const outcome = await longPoll(deps.http, binPath, {
        match: full,
        after: await start(options.after),
        timeout: options.within,
        signal: options.signal,
      });
      if (!outcome.ok) return;
      const arrived = { ...(outcome.event ?? emptyEvent(outcome.request.id)), request: outcome.request };
      const message =
        `expected no ${describeExpected(full)} within ${options.within} ms; ` +
        `got: ${describeEvent(outcome.event, outcome.request)} (request ${outcome.request.id})`;
      throw new HookscopeUnexpectedEventError(message, arrived);
    },
  };
}

/** Only the event fields: a caller's object may carry more, which must not leak into the query. */
function pickEvent(m: EventMatch): EventMatch {
  return { name: m.name, channel: m.channel, event: m.event, userId: m.userId };
}

function emptyEvent(requestId: number) {
  return { requestId, index: -1, name: '', raw: null };
}
