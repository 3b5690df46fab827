// Pusher Channels (official; pusher/docs docs/channels/server_api/webhooks.md; formats.md 1): checked
// against test/fixtures/pusher/ and the official `pusher` package's webhook validation.
import type { ScenarioStep, SendEvent } from '../../../core/send.js';
import { expandPusherScenario, type PusherScenarioRules } from '../scenario-pusher.js';
import { pusherRetry } from '../retry.js';
import { pusherSocketId } from '../socket-ids.js';
import { signPusher } from '../../verify/index.js';
import type { HeaderContext, IdSource, PlannedWebhook, SendFormat } from '../types.js';
import { addDefault, byteLength, flat, type HeaderList, nodeSetHeaders } from '../header-order.js';
import { noIds, pusherEnvelope, type PusherEventRules, pusherWireEvent } from './pusher-events.js';

/** Docs L86-L198. */
const rules: PusherEventRules = {
  server: 'pusher',
  names: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss', 'subscription_count'],
  // client_event data is a string (the client's payload JSON-encoded; pusher-http-go Data string,
  // pusher-http-node index.d.ts data: string); user_id on presence channels only (docs L157-L176).
  clientData: 'string',
  clientUserId: 'presence',
  cacheMissData: false,
  // Docs L178-L198 list {channel, name, subscription_count}.
  subscriptionCountOrder: 'channel-first',
};

/**
 * Docs L72-L76: channel_vacated and member_removed come up to 3 s after the disconnect, and nothing is
 * sent when the client is back within that window. Client events only on private- and presence-
 * channels; cache_miss de-duplicated across concurrent subscribers (cache-channels.md L74-L78).
 */
const scenarioRules: PusherScenarioRules = {
  removalDelayMs: 3000,
  vacateFirst: false,
  reoccupied: 'silent',
  subscriptionCount: true,
  cacheMiss: 'first',
  clientEventsPrivateOnly: true,
  write: (e) => pusherWireEvent(e, rules, noIds),
};

/**
 * Docs L65-L70 and the libraries: Content-Type application/json (the Node library requires exactly
 * that), X-Pusher-Key (the oldest active token's key), X-Pusher-Signature. Pusher publishes no wire order
 * or User-Agent: these three first, then the extra headers, Host and Content-Length.
 */
function headers(body: string, ctx: HeaderContext): string[] {
  let list: HeaderList = nodeSetHeaders([
    ['Content-Type', 'application/json'],
    ['X-Pusher-Key', ctx.creds.key],
    ['X-Pusher-Signature', signPusher(body, ctx.creds.secret)],
    ...ctx.custom,
  ]);
  list = addDefault(list, 'Host', ctx.url.host);
  return flat([...list, ['Content-Length', byteLength(body)]]);
}

export const pusherFormat: SendFormat = {
  id: 'pusher',
  protocol: 'pusher',
  wireEvent: (e: SendEvent, ids: IdSource) => pusherWireEvent(e, rules, ids),
  // Docs L20-L55: {"time_ms": ..., "events": [...]}, time_ms = when the webhook was created.
  body: (w: PlannedWebhook) => pusherEnvelope(w.timeMs, w.events),
  headers,
  // Batch webhooks are a per-app option; a batch closes after 250 ms or 20 events (Pusher support,
  // "What Is The Batch Size and Batch Window For Channels Webhooks").
  batching: { byDefault: false, windowMs: 250, maxEvents: 20, window: 'first-event', time: 'flush' },
  retry: pusherRetry,
  timeoutMs: null,
  ids: (random) => ({ socketId: () => pusherSocketId(random) }),
  scenario: (steps: readonly ScenarioStep[], ids: IdSource) => expandPusherScenario(steps, scenarioRules, ids),
};
