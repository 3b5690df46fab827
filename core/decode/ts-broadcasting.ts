// ts-broadcasting's own envelope `{"event":..,"timestamp":N,"data":{..},"signature":"hex"}`
// (formats.md §4.1, §4.3). One request = one event; the whole body is the event's `raw`.
import { dataField, idField, isObject, hasOwn, makeEvent, normalizeTime, type JsonObject } from './event-fields.js';
import { EVENTS_VIEW, failure, success } from './result.js';
import type { DecodeContext, DecodeResult, Decoder } from './types.js';

const ID = 'ts-broadcasting';

/**
 * The user of a connection (`data.user.id`, formats.md §4.3 `connection`) or of a presence
 * subscription (`data.channelData.user_id`; channelData is whatever the client sent as
 * channel_data, which Pusher-style clients send as a JSON string, so parse it if needed).
 */
function userIdOf(data: JsonObject): string | undefined {
  const user = data.user;
  const fromUser = isObject(user) ? idField(user.id) : undefined;
  if (fromUser !== undefined) return fromUser;
  const channelData = dataField(data.channelData);
  return isObject(channelData) ? idField(channelData.user_id) : undefined;
}

function decode(ctx: DecodeContext): DecodeResult | null {
  if (!ctx.startsWithObject()) return null;
  const json = ctx.json();
  if (!json.ok || !isObject(json.value)) return null;
  const body = json.value;
  if (typeof body.event !== 'string' || !hasOwn(body, 'timestamp') || !hasOwn(body, 'data')) return null;
  if (body.event === '') return failure(ctx, ID, 'the "event" name is empty');

  const data = isObject(body.data) ? body.data : {};
  const time = normalizeTime(body.timestamp);
  const event = makeEvent({
    index: 0,
    name: body.event,
    channel: data.channel,
    // A client event's own name, when the application fired one (formats.md §4.3 client_event).
    event: data.event,
    userId: userIdOf(data),
    socketId: data.socketId,
    data: { value: body.data },
    time,
    raw: body,
  });
  const warnings = time === undefined ? ['timestamp is not a non-negative number'] : [];
  return success(ID, [event], EVENTS_VIEW, warnings);
}

export const tsBroadcastingDecoder: Decoder = {
  id: ID,
  describe: 'ts-broadcasting webhook {"event":..,"timestamp":N,"data":{..},"signature":".."}',
  revision: 1,
  decode,
};
