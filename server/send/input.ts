// The body of POST /api/send (and of `hookscope send` and scenario files): validated with zod, then
// turned into a SendJob: events or scenario steps -> emissions -> planned webhook requests.
import { z } from 'zod';
import { type Scenario, type SendEvent, type SendServer, sendServers } from '../../core/send.js';
import { httpError } from '../errors.js';
import { sendFormat } from './formats/index.js';
import { planWebhooks } from './plan.js';
import type { SendJob } from './sender.js';
import type { Credentials, Emission, SendClock } from './types.js';

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name');
const text = (max: number) => z.string().min(1).max(max);
const channel = text(500);
const server = z.enum(sendServers as [SendServer, ...SendServer[]]);

const event = z
  .object({
    name: text(200).optional(),
    channel: channel.optional(),
    userId: text(500).optional(),
    event: text(200).optional(),
    data: z.unknown().optional(),
    socketId: text(200).optional(),
    userInfo: z.unknown().optional(),
    subscriptionCount: z.number().int().min(0).optional(),
    timeMs: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((e) => e.name !== undefined || e.event !== undefined, 'an event needs a "name" (Pusher protocol) or an "event" (ts-broadcasting)');

const step = z.union([
  z.object({ join: z.object({ channel, userId: text(500), userInfo: z.unknown().optional() }).strict() }).strict(),
  z.object({ leave: z.object({ channel, userId: text(500) }).strict() }).strict(),
  z.object({ clientEvent: z.object({ channel, event: text(200), data: z.unknown().optional(), userId: text(500).optional() }).strict() }).strict(),
  z.object({ subscribe: z.object({ channel }).strict() }).strict(),
  z.object({ unsubscribe: z.object({ channel }).strict() }).strict(),
  z.object({ waitMs: z.number().int().min(0).max(600_000) }).strict(),
]);

export const scenarioSchema = z
  .object({
    as: server.optional(),
    key: text(200).optional(),
    secret: z.string().max(500).optional(),
    batch: z.boolean().optional(),
    eventTypes: z.array(text(200)).max(50).optional(),
    steps: z.array(step).min(1).max(1000),
  })
  .strict();

export const sendSchema = z
  .object({
    to: z.url({ protocol: /^https?$/ }),
    as: server.optional(),
    key: text(200).optional(),
    secret: z.string().max(500).optional(),
    bin: text(100).optional(),
    events: z.array(event).min(1).max(1000).optional(),
    scenario: scenarioSchema.optional(),
    batch: z.boolean().optional(),
    headers: z.record(headerName, z.string().max(8192)).optional(),
    retries: z.number().int().min(0).max(50).optional(),
  })
  .strict()
  .refine((s) => (s.events === undefined) !== (s.scenario === undefined), 'give either "events" or "scenario"');

export type SendRequest = z.infer<typeof sendSchema>;

/** Credentials a bin offers when the request names one (`bin`): they never leave the server. */
export interface StoredCredentials {
  pusher?: Credentials;
  secret?: string;
}

const invalid = (message: string) => httpError(400, 'invalid_send', message);

function credentials(as: SendServer, r: SendRequest, stored: StoredCredentials | undefined): Credentials {
  const scenario: Partial<Scenario> = r.scenario ?? {};
  if (as === 'ts-broadcasting') {
    const secret = r.secret ?? scenario.secret ?? stored?.secret;
    if (secret === undefined) throw invalid('ts-broadcasting needs a "secret" ("" sends unsigned webhooks, as ts-broadcasting does without one)');
    return { key: '', secret };
  }
  const key = r.key ?? scenario.key ?? stored?.pusher?.key;
  const secret = r.secret ?? scenario.secret ?? stored?.pusher?.secret;
  if (key === undefined) throw invalid(`${as} signs with an app key and secret: "key" is missing`);
  if (secret === undefined || secret === '') throw invalid(`${as} signs with an app key and secret: "secret" is missing`);
  return { key, secret };
}

/** The request as a job for runSend: which server, whose credentials, which webhooks when. */
export function prepareSend(r: SendRequest, clock: SendClock, stored?: StoredCredentials): SendJob {
  const as = r.as ?? r.scenario?.as;
  if (as === undefined) throw invalid('say which server to play: "as" is pusher, soketi, sockudo or ts-broadcasting');
  const format = sendFormat(as);
  const creds = credentials(as, r, stored);
  const random = clock.random;
  const ids = format.ids(random);
  const base = clock.now();
  let emissions: Emission[];
  if (r.events) {
    emissions = r.events.map((e) => {
      const wire = format.wireEvent(e as SendEvent, ids);
      const name = String(format.protocol === 'pusher' ? wire.name : wire.event);
      return { at: 0, event: wire, name, ...(e.timeMs !== undefined && { timeMs: e.timeMs }) };
    });
  } else emissions = format.scenario((r.scenario as Scenario).steps, ids, base);
  const batch = r.batch ?? r.scenario?.batch ?? format.batching?.byDefault ?? false;
  if (batch && format.batching === null) throw invalid(`${as} never batches webhooks: one request per event`);
  const webhooks = planWebhooks(format, emissions, { batch, base, eventTypes: r.scenario?.eventTypes });
  return { format, url: new URL(r.to), creds, webhooks, headers: Object.entries(r.headers ?? {}), retries: r.retries };
}
