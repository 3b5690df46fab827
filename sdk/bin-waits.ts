// waitForEvent, waitForRequest and expectNoEvent of a bin handle: the cursor rules and the messages.
import type { RequestDetail } from '../core/wire.js';
import { type Cursor, type Position, parsePosition } from './cursor.js';
import { describeEvent, describeExpected, describeNearMisses, type WaitMatch } from './describe.js';
import { HookscopeUnexpectedEventError, HookscopeWaitError } from './errors.js';
import { type Http, segment } from './http.js';
import type { EventMatch, ExpectNoEventOptions, RequestWaitMatch, WaitedEvent, WaitOptions } from './types.js';
import { checkTimeout, DEFAULT_TIMEOUT, longPoll } from './wait.js';

export interface BinWaits {
  /** Where a wait with this `after` option starts (the cursor when absent). */
  start(after: WaitOptions['after']): Promise<Position>;
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

  /**
   * The server matches a request without events when the filter names no event field; an event
   * wait skips those and keeps waiting (same deadline).
   */
  async function poll(match: WaitMatch, from: WaitOptions['after'], timeout: number, signal: AbortSignal | undefined, needEvent: boolean) {
    checkTimeout(timeout);
    const deadline = Date.now() + timeout;
    let after = await start(from);
    for (;;) {
      const outcome = await longPoll(deps.http, binPath, { match, after, timeout: Math.max(0, deadline - Date.now()), signal });
      if (!outcome.ok || outcome.event || !needEvent) return outcome;
      after = { requestId: outcome.request.id };
    }
  }

  async function waitMatch(match: WaitMatch, options: WaitOptions, what: string, needEvent: boolean) {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    const outcome = await poll(match, options.after, timeout, options.signal, needEvent);
    if (!outcome.ok) {
      const message = `expected ${what} within ${timeout} ms; got: ${describeNearMisses(outcome.nearMisses)}`;
      throw new HookscopeWaitError(message, timeout, outcome.nearMisses);
    }
    const { event, request } = outcome;
    deps.cursor.advance(event ? { requestId: request.id, index: event.index } : { requestId: request.id });
    return outcome;
  }

  return {
    start,
    async waitForEvent(match, options = {}) {
      const full: WaitMatch = { ...pickEvent(match), method: options.method, signature: options.signature };
      const { event, request } = await waitMatch(full, options, describeExpected(full), true);
      if (!event) throw new Error(`hookscope answered a wait for ${describeExpected(full)} without an event`);
      return { ...event, request };
    },
    async waitForRequest(match = {}, options = {}) {
      const full: WaitMatch = { ...pickEvent(match), method: match.method, signature: match.signature };
      const hasEventFilter = Object.values(pickEvent(match)).some((v) => v !== undefined);
      const what = hasEventFilter ? `a request carrying ${describeExpected(full)}` : describeExpected(full).replace('any event', 'a request');
      const { request } = await waitMatch(full, options, what, false);
      return (await deps.http.call<RequestDetail>('GET', `${binPath}/requests/${request.id}`)).body;
    },
    async expectNoEvent(match, options) {
      const full: WaitMatch = { ...pickEvent(match), method: options.method, signature: options.signature };
      const outcome = await poll(full, options.after, options.within, options.signal, true);
      if (!outcome.ok || !outcome.event) return;
      const arrived = { ...outcome.event, request: outcome.request };
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
