// One Pusher-protocol event object (Pusher, soketi, sockudo, pusher-fake, poxa) to a DecodedEvent.
// Field names per formats.md §1.1 (Pusher docs table) and §3.1 (sockudo); unknown names and extra
// fields pass through untouched in `raw` (formats.md §6 item 6).
import { hasOwn, isObject, makeEvent, normalizeTime } from './event-fields.js';
import type { DecodedEventDraft } from './types.js';

export type PusherEventResult = { ok: true; event: DecodedEventDraft } | { ok: false; reason: string };

/**
 * @param batchTime the envelope's time in epoch ms; a per-event `time_ms` (sockudo) wins over it.
 */
export function pusherEvent(raw: unknown, index: number, batchTime: number | undefined): PusherEventResult {
  if (!isObject(raw)) return { ok: false, reason: `events[${index}] is not an object` };
  if (typeof raw.name !== 'string' || raw.name === '') {
    return { ok: false, reason: `events[${index}] has no name` };
  }
  const ownTime = normalizeTime(raw.time_ms);
  const event = makeEvent({
    index,
    name: raw.name,
    channel: raw.channel,
    event: raw.event,
    userId: raw.user_id,
    socketId: raw.socket_id,
    data: hasOwn(raw, 'data') ? { value: raw.data } : undefined,
    time: ownTime ?? batchTime,
    raw,
  });
  return { ok: true, event };
}
