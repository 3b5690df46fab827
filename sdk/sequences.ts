// waitForEvents (the first `count` matches) and expectSequence (matches in a given order, anything
// between): successive waits, each starting after the previous match, under one deadline.
import { formatPosition, type Position } from './cursor.js';
import { describeEvent, describeExpected } from './describe.js';
import { HookscopeSequenceError, HookscopeWaitError } from './errors.js';
import type { CapturedEvent, EventFilter, EventMatch, ExpectSequenceOptions, WaitedEvent, WaitForEventsOptions, WaitOptions } from './types.js';
import { checkTimeout, DEFAULT_TIMEOUT } from './wait.js';

export interface BinSequences {
  /** The first `count` events matching `match`, in arrival order. */
  waitForEvents(match: EventMatch, options: WaitForEventsOptions): Promise<WaitedEvent[]>;
  /** Each match in turn, in this order (other events may come between); resolves with the matched events. */
  expectSequence(matches: EventMatch[], options?: ExpectSequenceOptions): Promise<WaitedEvent[]>;
}

export interface SequenceDeps {
  waitForEvent(match: EventMatch, options?: WaitOptions): Promise<WaitedEvent>;
  events(filter: EventFilter): Promise<CapturedEvent[]>;
  /** Where a wait with these options starts. */
  start(after: WaitOptions['after']): Promise<Position>;
}

const at = (e: WaitedEvent): `${number}:${number}` => `${e.request.id}:${e.index}`;
const listed = (events: WaitedEvent[]) => events.map((e) => `${describeEvent(e, e.request)} (request ${e.request.id})`).join(', ');

export function createBinSequences(deps: SequenceDeps): BinSequences {
  /** Waits for each match after the previous one; on a timeout, the error says what did come. */
  async function run(matches: EventMatch[], timeout: number, options: WaitOptions, fail: (matched: WaitedEvent[], err: HookscopeWaitError) => Promise<never>): Promise<WaitedEvent[]> {
    checkTimeout(timeout);
    const deadline = Date.now() + timeout;
    const matched: WaitedEvent[] = [];
    let after: WaitOptions['after'] = options.after;
    for (const match of matches) {
      try {
        const event = await deps.waitForEvent(match, { ...options, after, timeout: Math.max(0, deadline - Date.now()) });
        matched.push(event);
        after = at(event);
      } catch (err) {
        if (err instanceof HookscopeWaitError) return fail(matched, err);
        throw err;
      }
    }
    return matched;
  }

  return {
    async waitForEvents(match, options) {
      const { count, timeout = DEFAULT_TIMEOUT, ...rest } = options;
      if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count must be an integer >= 1, got ${count}`);
      return run(new Array<EventMatch>(count).fill(match), timeout, rest, async (matched, err) => {
        const got = matched.length === 0 ? 'none' : `${matched.length}: ${listed(matched)}`;
        const message = `expected ${count} × ${describeExpected(match)} within ${timeout} ms; got ${got}; then: ${err.message.replace(/^.*?; got: /, '')}`;
        throw new HookscopeSequenceError(message, timeout, err.nearMisses, matched);
      });
    },
    async expectSequence(matches, options = {}) {
      const { within = DEFAULT_TIMEOUT, ordered = true, ...rest } = options;
      if (ordered !== true) throw new RangeError('expectSequence checks ordered sequences only; for any order, await Promise.all of waitForEvent calls');
      if (matches.length === 0) return [];
      const start = await deps.start(rest.after);
      return run(matches, within, { ...rest, after: formatPosition(start) as WaitOptions['after'] }, async (matched, err) => {
        const k = matched.length;
        const steps = matches.map((m, i) => `${i + 1}. ${describeExpected(m)}`).join(', ');
        let why = `step ${k + 1} (${describeExpected(matches[k])}) did not arrive`;
        // Did it come, but before the step it must follow?
        if (k > 0) {
          const early = await deps.events({ ...matches[k], after: formatPosition(start), before: at(matched[k - 1]), limit: 1 }).catch(() => []);
          if (early[0]) why = `step ${k + 1} (${describeExpected(matches[k])}) arrived before step ${k}: ${describeEvent(early[0], early[0].request)} (request ${early[0].request.id})`;
        }
        const got = k === 0 ? 'nothing of it' : `steps 1-${k}: ${listed(matched)}`;
        const message = `expected the sequence ${steps} within ${within} ms; ${why}; matched ${got}; then: ${err.message.replace(/^.*?; got: /, '')}`;
        throw new HookscopeSequenceError(message, within, err.nearMisses, matched);
      });
    },
  };
}
