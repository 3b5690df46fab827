// Answers of the channel-state and timing routes (channels-routes.ts) as zod schemas for the OpenAPI
// document and the MCP tools, each checked at compile time against core/channels/types.ts.
import { z } from 'zod';
import type { AnomalyKind, ChannelDetail, ChannelSummary, DeliveryTiming } from '../../core/wire.js';
import { ANOMALY_KINDS } from '../../core/channels/types.js';
import { named } from './components.js';

const int = z.number().int();
const type = z.enum(['public', 'private', 'presence', 'encrypted', 'cache']);
const member = named('ChannelMember', 'A present member of a presence channel.', z.object({ userId: z.string(), userInfo: z.unknown().optional() }));

export const channelSummary = named('ChannelSummary', 'One channel\'s state, derived from the bin\'s webhooks.', z.object({
  name: z.string(),
  type,
  occupied: z.boolean(),
  members: z.array(member).optional(),
  subscriptionCount: int.optional(),
  firstEventAt: int,
  lastEventAt: int,
  anomalies: int.describe('how many anomalies the channel has shown'),
}));

const timelineEntry = z.object({ requestId: int, index: int, name: z.string(), at: int, userId: z.string().optional(), event: z.string().optional() });
const anomaly = z.object({ kind: z.enum(ANOMALY_KINDS as [AnomalyKind, ...AnomalyKind[]]), requestId: int, index: int, message: z.string() });

export const channelDetail = named('ChannelDetail', 'A channel\'s state, timeline and anomalies.', z.object({
  name: z.string(),
  type,
  occupied: z.boolean(),
  members: z.array(member),
  subscriptionCount: int.optional(),
  firstEventAt: int,
  lastEventAt: int,
  timeline: z.array(timelineEntry).describe('the most recent entries (at most 500), oldest first'),
  timelineCount: int,
  anomalies: z.array(anomaly).describe('the most recent anomalies (at most 100), oldest first'),
  anomalyCount: int,
  asOf: int.describe('the highest request id the state includes'),
}));

const percentiles = z.object({ count: int, p50: z.number().nullable(), p99: z.number().nullable() });

export const deliveryTiming = named('DeliveryTiming', 'How the bin\'s webhooks arrive.', z.object({
  requests: int,
  sender: z.object({
    name: z.enum(['soketi', 'sockudo', 'ts-broadcasting', 'pusher-compatible', 'unknown']),
    evidence: z.string().nullable(),
    batchWindowMs: z.number().nullable(),
    batchMaxEvents: int.nullable(),
  }),
  eventsPerRequest: z.object({ min: z.number().nullable(), p50: z.number().nullable(), max: z.number().nullable(), histogram: z.array(z.object({ events: int, requests: int })) }),
  gapMs: percentiles,
  delayMs: percentiles,
  retries: z.object({ bodies: int, maxAttempt: int }),
  series: z.array(z.object({ requestId: int, receivedAt: int, events: int, attempt: int })),
}));

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
export const channelTypesMatch: [
  Same<z.output<typeof channelSummary>, ChannelSummary>,
  Same<z.output<typeof channelDetail>, ChannelDetail>,
  Same<z.output<typeof deliveryTiming>, DeliveryTiming>,
] = [true, true, true];
