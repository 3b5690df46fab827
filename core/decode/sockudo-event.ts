// A single Pusher-protocol event object carrying its own time: `{"name":..,"time_ms":N,...}` with
// no `events` envelope (sockudo single-event objects). Fields as in formats.md §3.1.
import { hasOwn, isObject, normalizeTime } from './event-fields.js';
import { pusherEvent } from './pusher-event.js';
import { EVENTS_VIEW, failure, success } from './result.js';
import type { DecodeContext, DecodeResult, Decoder } from './types.js';

const ID = 'sockudo-event';

function decode(ctx: DecodeContext): DecodeResult | null {
  if (!ctx.startsWithObject()) return null;
  const json = ctx.json();
  if (!json.ok || !isObject(json.value)) return null;
  const body = json.value;
  if (typeof body.name !== 'string' || !hasOwn(body, 'time_ms') || hasOwn(body, 'events')) return null;
  const r = pusherEvent(body, 0, undefined);
  if (!r.ok) return failure(ctx, ID, r.reason.replace('events[0]', 'the event'));
  const warnings = normalizeTime(body.time_ms) === undefined ? ['time_ms is not a non-negative number'] : [];
  return success(ID, [r.event], EVENTS_VIEW, warnings);
}

export const sockudoEventDecoder: Decoder = {
  id: ID,
  describe: 'A single event object with its own time_ms: {"name":..,"channel":..,"time_ms":N} (sockudo)',
  revision: 1,
  decode,
};
