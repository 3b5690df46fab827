// sockudo v4-v5 (sockudo/sockudo crates/sockudo-webhook/src/{integration.rs,sender.rs}; formats.md 3):
// checked against the source-derived fixtures in test/fixtures/sockudo/.
import type { ScenarioStep, SendEvent } from '../../../core/send.js';
import { expandPusherScenario, type PusherScenarioRules } from '../scenario-pusher.js';
import { sockudoRetry } from '../retry.js';
import { sockudoSocketId } from '../socket-ids.js';
import { signPusher } from '../../verify/index.js';
import type { HeaderContext, IdSource, PlannedWebhook, SendFormat } from '../types.js';
import { addDefault, byteLength, flat, type HeaderList } from '../header-order.js';
import { noIds, pusherEnvelope, type PusherEventRules, pusherWireEvent } from './pusher-events.js';

/** integration.rs event builders (L391-L516, L784-L807). */
const rules: PusherEventRules = {
  server: 'sockudo',
  names: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'member_updated', 'client_event', 'cache_miss', 'subscription_count'],
  // handler/types.rs L177-L188: data as the client sent it. message_handlers.rs L424 passes
  // user_id = None ("Skip user_id for async webhooks"): presence client events carry no user_id.
  clientData: 'raw',
  clientUserId: 'never',
  // core.rs L1159-L1180: cache_miss carries "data":"{}".
  cacheMissData: true,
  subscriptionCountOrder: 'name-first',
};

/**
 * member_removed 3 s later, only if the user has no other connection and no join cancelled it
 * (presence.rs, pending removals by generation); channel_vacated 3 s later if the count is still 0
 * (core.rs L219-L236); channel_occupied whenever the local count becomes 1
 * (subscription_management.rs L454-L466); subscription_count on every subscribe and unsubscribe of a
 * non-presence channel (L496-L504, core.rs handle_unsubscribe).
 */
const scenarioRules: PusherScenarioRules = {
  removalDelayMs: 3000,
  vacateFirst: false,
  reoccupied: 'occupied',
  subscriptionCount: true,
  cacheMiss: 'every',
  clientEventsPrivateOnly: false,
  write: (e) => pusherWireEvent(e, rules, noIds),
};

/**
 * sender.rs send_pusher_webhook_once: reqwest `.header(CONTENT_TYPE)`, `X-Pusher-Key`,
 * `X-Pusher-Signature`, then each custom header appended (a duplicate name makes a second header).
 * The http crate writes names in lower case; reqwest adds its default `accept` (any type), hyper `host` and
 * `content-length`. sockudo keeps custom headers in a hash map (random order): here in the order given.
 */
function headers(body: string, ctx: HeaderContext): string[] {
  let list: HeaderList = [
    ['content-type', 'application/json'],
    ['x-pusher-key', ctx.creds.key],
    ['x-pusher-signature', signPusher(body, ctx.creds.secret)],
    ...ctx.custom.map(([n, v]): [string, string] => [n.toLowerCase(), v]),
  ];
  list = addDefault(list, 'accept', '*/*');
  list = addDefault(list, 'host', ctx.url.host);
  return flat([...list, ['content-length', byteLength(body)]]);
}

export const sockudoFormat: SendFormat = {
  id: 'sockudo',
  protocol: 'pusher',
  wireEvent: (e: SendEvent, ids: IdSource) => pusherWireEvent(e, rules, ids),
  // sender.rs create_pusher_body: compact sonic_rs::to_string({time_ms, events}); for plain JSON
  // values it escapes exactly as JSON.stringify does.
  body: (w: PlannedWebhook) => pusherEnvelope(w.timeMs, w.events),
  headers,
  // options/webhooks.rs L51-L58: on by default, 50 ms, 100 events. integration.rs: a fixed interval
  // drains up to `size` jobs (sooner when the buffer reaches `size`), merges consecutive jobs of one app,
  // and the merged time_ms is the MIN of the jobs' (merge_jobs_for_queue).
  batching: { byDefault: true, windowMs: 50, maxEvents: 100, window: 'interval', time: 'earliest' },
  retry: sockudoRetry,
  // options/webhooks.rs: request_timeout_ms 10 000.
  timeoutMs: 10_000,
  ids: (random) => ({ socketId: () => sockudoSocketId(random) }),
  scenario: (steps: readonly ScenarioStep[], ids: IdSource) => expandPusherScenario(steps, scenarioRules, ids),
};
