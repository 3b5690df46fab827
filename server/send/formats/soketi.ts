// soketi 1.x (soketi/soketi branch 1.x, src/webhook-sender.ts; formats.md 2): checked byte for byte
// against the live captures in test/fixtures/soketi/.
import type { ScenarioStep, SendEvent } from '../../../core/send.js';
import { expandPusherScenario, type PusherScenarioRules } from '../scenario-pusher.js';
import { soketiRetry } from '../retry.js';
import { soketiSocketId } from '../socket-ids.js';
import { signPusher } from '../../verify/index.js';
import type { HeaderContext, IdSource, PlannedWebhook, SendFormat } from '../types.js';
import { byteLength, flat, hasHeader, nodeSetHeaders, spreadObjects } from '../header-order.js';
import { noIds, pusherEnvelope, type PusherEventRules, pusherWireEvent } from './pusher-events.js';

/** app.ts L173-L178: no subscription_count in soketi. */
const rules: PusherEventRules = {
  server: 'soketi',
  names: ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss'],
  // webhook-sender.ts L182-L203: data is the JSON value the client sent; user_id only on presence (L198-L200).
  clientData: 'raw',
  clientUserId: 'presence',
  cacheMissData: false,
  subscriptionCountOrder: 'name-first',
};

/** ws-handler.ts: vacate (L506-L507) and member_removed (L483-L485) at once, vacate first (live capture). */
const scenarioRules: PusherScenarioRules = {
  removalDelayMs: 0,
  vacateFirst: true,
  reoccupied: 'occupied',
  subscriptionCount: false,
  cacheMiss: 'every',
  clientEventsPrivateOnly: false,
  write: (e) => pusherWireEvent(e, rules, noIds),
};

/**
 * webhook-sender.ts L105-L113: `{ Accept, Content-Type, User-Agent (server.ts L185), ...webhook.headers,
 * X-Pusher-Key, X-Pusher-Signature }` (so a configured X-Pusher-Key cannot win), posted by axios 0.27,
 * which appends Content-Length; node's http adds Host and, with its keep-alive agent, Connection.
 */
function headers(body: string, ctx: HeaderContext): string[] {
  const built = spreadObjects(
    [['Accept', 'application/json'], ['Content-Type', 'application/json'], ['User-Agent', `SoketiWebhooksAxiosClient/1.0 (Process: ${ctx.pid})`]],
    ctx.custom,
    [['X-Pusher-Key', ctx.creds.key], ['X-Pusher-Signature', signPusher(body, ctx.creds.secret)]],
  );
  const list = nodeSetHeaders(spreadObjects(built, [['Content-Length', byteLength(body)]]));
  if (!hasHeader(list, 'host')) list.push(['Host', ctx.url.host]);
  if (!hasHeader(list, 'connection')) list.push(['Connection', 'keep-alive']);
  return flat(list);
}

export const soketiFormat: SendFormat = {
  id: 'soketi',
  protocol: 'pusher',
  wireEvent: (e: SendEvent, ids: IdSource) => pusherWireEvent(e, rules, ids),
  // L300-L307: `{time_ms: Date.now(), events}` signed over JSON.stringify(payload), which axios sends.
  body: (w: PlannedWebhook) => pusherEnvelope(w.timeMs, w.events),
  headers,
  // server.ts L240-L245: batching off by default, 50 ms; one process-wide array armed by its first
  // event (L320-L336), time_ms taken at flush (L300), no size cap.
  batching: { byDefault: false, windowMs: 50, maxEvents: Number.POSITIVE_INFINITY, window: 'first-event', time: 'flush' },
  retry: soketiRetry,
  // axios default: no timeout.
  timeoutMs: null,
  ids: (random) => ({ socketId: () => soketiSocketId(random) }),
  scenario: (steps: readonly ScenarioStep[], ids: IdSource) => expandPusherScenario(steps, scenarioRules, ids),
};
