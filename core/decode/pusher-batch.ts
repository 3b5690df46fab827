// Pusher-protocol batch envelope `{"time_ms":N,"events":[...]}`: Pusher (formats.md §1.1),
// soketi (§2.1), sockudo (§3.2), pusher-fake with time_ms in seconds and `events` first (§5), poxa.
import { hasOwn, isObject, normalizeTime } from './event-fields.js';
import { pusherEvent } from './pusher-event.js';
import { EVENTS_VIEW, failure, success } from './result.js';
import type { DecodeContext, DecodedEventDraft, DecodeResult, Decoder } from './types.js';

const ID = 'pusher-batch';

/** Without time_ms, only a clean list of named events is taken for a batch (else generic JSON). */
function looksLikeEvents(v: unknown): boolean {
  return Array.isArray(v) && v.length > 0 && v.every((e) => isObject(e) && typeof e.name === 'string');
}

function decode(ctx: DecodeContext): DecodeResult | null {
  if (!ctx.startsWithObject()) return null;
  const json = ctx.json();
  if (!json.ok || !isObject(json.value) || !hasOwn(json.value, 'events')) return null;
  const body = json.value;
  const hasTime = hasOwn(body, 'time_ms');
  if (!hasTime && !looksLikeEvents(body.events)) return null;
  if (!Array.isArray(body.events)) return failure(ctx, ID, '"events" is not an array');

  const warnings: string[] = [];
  const batchTime = normalizeTime(body.time_ms);
  if (!hasTime) warnings.push('no time_ms in the envelope');
  else if (batchTime === undefined) warnings.push('time_ms is not a non-negative number');
  if (body.events.length === 0) warnings.push('"events" is empty');

  const events: DecodedEventDraft[] = [];
  for (let i = 0; i < body.events.length; i++) {
    const r = pusherEvent(body.events[i], i, batchTime);
    if (!r.ok) return failure(ctx, ID, r.reason);
    events.push(r.event);
  }
  return success(ID, events, EVENTS_VIEW, warnings);
}

export const pusherBatchDecoder: Decoder = {
  id: ID,
  describe: 'Pusher-protocol webhook batch {"time_ms":N,"events":[...]} (Pusher, soketi, sockudo, pusher-fake)',
  revision: 1,
  decode,
};
