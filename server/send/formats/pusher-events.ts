// Event objects of the Pusher protocol (Pusher, soketi, sockudo), written from the user's event. The
// servers agree on the field names and differ in details each writer states in its rules: the type of
// a client event's `data`, when `user_id` rides along, sockudo's extra `data` on cache_miss, and the
// key order of subscription_count. Key order is insertion order (JSON.stringify; sonic_rs json! keeps it).
import type { PusherSendEvent, SendEvent, SendServer } from '../../../core/send.js';
import { httpError } from '../../errors.js';
import type { IdSource, WireEvent } from '../types.js';

export interface PusherEventRules {
  server: SendServer;
  names: readonly string[];
  /** Pusher sends the client's payload JSON-encoded in a string; soketi and sockudo the value as sent. */
  clientData: 'string' | 'raw';
  /** Pusher and soketi add `user_id` last on presence-* channels; sockudo HEAD never does. */
  clientUserId: 'presence' | 'never';
  /** sockudo adds `"data":"{}"` to cache_miss. */
  cacheMissData: boolean;
  /** Pusher's docs list subscription_count as {channel, name, ...}; sockudo writes {name, channel, ...}. */
  subscriptionCountOrder: 'channel-first' | 'name-first';
}

/** For writers fed complete events (scenarios set every socket id). */
export const noIds: IdSource = { socketId: () => { throw new Error('a scenario event without a socket id'); } };

export const isPresence = (channel: string): boolean => channel.startsWith('presence-');

const invalid = (message: string) => httpError(400, 'invalid_send', message);

function asPusherEvent(e: SendEvent, server: SendServer): PusherSendEvent {
  if (!('name' in e) || typeof e.name !== 'string') {
    throw invalid(`${server} events have a "name" (channel_occupied, member_added, ...); { event, data } is ts-broadcasting's shape`);
  }
  if (typeof e.channel !== 'string' || e.channel === '') throw invalid(`${e.name} needs a "channel"`);
  return e;
}

function needUser(e: PusherSendEvent): string {
  if (typeof e.userId !== 'string' || e.userId === '') throw invalid(`${e.name} needs a "userId"`);
  return e.userId;
}

function clientEvent(e: PusherSendEvent, rules: PusherEventRules, ids: IdSource): WireEvent {
  if (typeof e.event !== 'string' || e.event === '') throw invalid('client_event needs an "event" (the client event\'s own name, e.g. client-typing)');
  // A string is what the client sent as a string; anything else Pusher JSON-encodes.
  const data = rules.clientData === 'string' && typeof e.data !== 'string' ? JSON.stringify(e.data ?? null) : e.data;
  const out: WireEvent = { name: 'client_event', channel: e.channel, event: e.event, data, socket_id: e.socketId ?? ids.socketId() };
  if (rules.clientUserId === 'presence' && isPresence(e.channel) && e.userId !== undefined) out.user_id = e.userId;
  return out;
}

/** The wire object of one event, or HttpError 400 for an event this server never sends. */
export function pusherWireEvent(e: SendEvent, rules: PusherEventRules, ids: IdSource): WireEvent {
  const ev = asPusherEvent(e, rules.server);
  if (!rules.names.includes(ev.name)) {
    throw invalid(`${rules.server} does not send "${ev.name}" webhooks (it sends ${rules.names.join(', ')})`);
  }
  switch (ev.name) {
    case 'channel_occupied':
    case 'channel_vacated':
      return { name: ev.name, channel: ev.channel };
    case 'cache_miss':
      return rules.cacheMissData ? { name: ev.name, channel: ev.channel, data: '{}' } : { name: ev.name, channel: ev.channel };
    case 'member_added':
    case 'member_removed':
      return { name: ev.name, channel: ev.channel, user_id: needUser(ev) };
    case 'member_updated':
      return { name: ev.name, channel: ev.channel, user_id: needUser(ev), user_info: ev.userInfo ?? {} };
    case 'client_event':
      return clientEvent(ev, rules, ids);
    case 'subscription_count': {
      const count = ev.subscriptionCount;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw invalid('subscription_count needs a "subscriptionCount" (integer >= 0)');
      return rules.subscriptionCountOrder === 'channel-first'
        ? { channel: ev.channel, name: ev.name, subscription_count: count }
        : { name: ev.name, channel: ev.channel, subscription_count: count };
    }
    default:
      throw invalid(`unknown event "${ev.name}"`);
  }
}

/** `{"time_ms":N,"events":[...]}`, compact, as JSON.stringify writes it (soketi L302-L305; sockudo sender.rs create_pusher_body). */
export function pusherEnvelope(timeMs: number, events: WireEvent[]): string {
  return JSON.stringify({ time_ms: timeMs, events });
}
