// Event filtering shared by the server (live waits), the viewer and the test client. The server's
// SQL filter over its event index must agree with this: exact, case-sensitive equality per field.
import type { DecodedEvent } from '../wire.js';
import type { EventFilter } from './types.js';

/** An absent or empty filter field matches anything; a set one must equal the event's field. */
function fieldMatches(wanted: string | undefined, actual: string | undefined): boolean {
  return wanted === undefined || wanted === '' || wanted === actual;
}

export function matchEvent(e: Pick<DecodedEvent, 'name' | 'channel' | 'event' | 'userId'>, filter: EventFilter): boolean {
  return fieldMatches(filter.name, e.name)
    && fieldMatches(filter.channel, e.channel)
    && fieldMatches(filter.event, e.event)
    && fieldMatches(filter.userId, e.userId);
}
