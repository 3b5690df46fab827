// ts-broadcasting (stacksjs/ts-broadcasting packages/ts-broadcasting/src/webhooks.ts; formats.md 4):
// checked byte for byte against the live captures in test/fixtures/ts-broadcasting/.
import { sendCatalog, type ScenarioStep, type SendEvent } from '../../../core/send.js';
import { httpError } from '../../errors.js';
import { hmacSha256 } from '../../verify/digest.js';
import { expandTsBroadcastingScenario } from '../scenario-ts-broadcasting.js';
import { tsBroadcastingRetry } from '../retry.js';
import { uuidV4 } from '../socket-ids.js';
import type { Credentials, HeaderContext, IdSource, PlannedWebhook, SendFormat, WireEvent } from '../types.js';
import { addDefault, byteLength, fetchHeaders, flat, type HeaderList, spreadObjects } from '../header-order.js';

const names = sendCatalog['ts-broadcasting'].events;

function wireEvent(e: SendEvent): WireEvent {
  if (!('event' in e) || typeof e.event !== 'string' || 'name' in e) {
    throw httpError(400, 'invalid_send', 'ts-broadcasting events are { event, data } (connection, subscribe, disconnection, ...)');
  }
  if (!names.includes(e.event)) throw httpError(400, 'invalid_send', `ts-broadcasting has no "${e.event}" webhook (it has ${names.join(', ')})`);
  return { event: e.event, data: e.data };
}

/**
 * L74-L83, L139-L152: payload {event, timestamp: Date.now(), data}; with a secret, signature =
 * hex HMAC-SHA256 of JSON.stringify({event, timestamp, data}) appended as the last member. Without one
 * the body has no signature member (and the header is empty). `data: undefined` is dropped, as
 * JSON.stringify drops it.
 */
function body(w: PlannedWebhook, creds: Credentials): string {
  const { event, data } = w.events[0];
  const unsigned = { event, timestamp: w.timeMs, data };
  if (creds.secret === '') return JSON.stringify(unsigned);
  const signature = hmacSha256(creds.secret, JSON.stringify(unsigned)).toString('hex');
  return JSON.stringify({ ...unsigned, signature });
}

const signatureOf = (text: string): string => /,"signature":"([0-9a-f]{64})"}$/.exec(text)?.[1] ?? '';

/**
 * L105-L115: fetch(url, { headers: { 'Content-Type', 'User-Agent': 'ts-broadcasting/1.0',
 * 'X-Webhook-Signature': signature || '', ...endpoint.headers } }): the custom headers are spread last
 * and can replace any of these. Bun's fetch writes the Headers sorted by name (Fetch's sort-and-combine;
 * the captures show Content-Type, User-Agent, X-Custom, X-Webhook-Signature), then adds Connection,
 * Accept, Host, Accept-Encoding and Content-Length where the caller set none.
 */
function headers(text: string, ctx: HeaderContext): string[] {
  const record = spreadObjects(
    [['Content-Type', 'application/json'], ['User-Agent', 'ts-broadcasting/1.0'], ['X-Webhook-Signature', signatureOf(text)]],
    ctx.custom,
  );
  let list: HeaderList = fetchHeaders(record).sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  list = addDefault(list, 'Connection', 'keep-alive');
  list = addDefault(list, 'Accept', '*/*');
  list = addDefault(list, 'Host', ctx.url.host);
  list = addDefault(list, 'Accept-Encoding', 'gzip, deflate, br, zstd');
  return flat(addDefault(list, 'Content-Length', byteLength(text)));
}

export const tsBroadcastingFormat: SendFormat = {
  id: 'ts-broadcasting',
  protocol: 'ts-broadcasting',
  wireEvent,
  body,
  headers,
  // L86-L90: one POST per event per endpoint, never batched.
  batching: null,
  retry: tsBroadcastingRetry,
  // L46-L57, L102-L103: an AbortController per attempt after `timeout` (5000 ms).
  timeoutMs: 5000,
  ids: (random) => ({ socketId: () => uuidV4(random) }),
  scenario: (steps: readonly ScenarioStep[], ids: IdSource, base: number) => expandTsBroadcastingScenario(steps, ids, base),
};
