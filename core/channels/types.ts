// Wire types of the channel state derived from a bin's webhook stream (GET /api/bins/:bin/channels,
// /channels/:channel, /timing, the live `channels` message). Isomorphic: no node:*, no DOM.

/** From the name prefix: `private-encrypted-`, `presence-`, `private-`, `cache-`, else public. */
export type ChannelType = 'public' | 'private' | 'presence' | 'encrypted' | 'cache';

export interface ChannelMember {
  userId: string;
  /** What the sender said about the user (ts-broadcasting channel_data.user_info, sockudo member_updated). */
  userInfo?: unknown;
}

/**
 * What looks wrong in a sequence, flagged and never hidden:
 * - `member_added_already_present`: a member_added (presence_join) for a user who is present;
 * - `member_removed_not_present`: a member_removed (presence_leave) for a user who is not;
 * - `vacated_with_members`: channel_vacated while members remain and no member_removed for them followed;
 * - `vacated_before_last_member_removed`: channel_vacated came before the member_removed of the last
 *   member(s), which then followed (soketi 1.x sends them in that order, formats.md §2.1): not lost state;
 * - `occupied_twice`: channel_occupied while already occupied (no channel_vacated between);
 * - `time_went_backwards`: an event's time_ms is earlier than that of an earlier request on the channel.
 */
export type AnomalyKind =
  | 'member_added_already_present'
  | 'member_removed_not_present'
  | 'vacated_with_members'
  | 'vacated_before_last_member_removed'
  | 'occupied_twice'
  | 'time_went_backwards';

export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  'member_added_already_present',
  'member_removed_not_present',
  'vacated_with_members',
  'vacated_before_last_member_removed',
  'occupied_twice',
  'time_went_backwards',
];

export interface ChannelAnomaly {
  kind: AnomalyKind;
  /** The request and the event index (in its batch) that showed it. */
  requestId: number;
  index: number;
  message: string;
}

/** One event that touched the channel, oldest first. */
export interface TimelineEntry {
  requestId: number;
  index: number;
  /** The webhook event name (`member_added`, `subscribe`, `disconnection`, ...). */
  name: string;
  /** Epoch ms: the event's time (time_ms / timestamp) when the sender gave one, else when hookscope received it. */
  at: number;
  userId?: string;
  /** A client event's own name (`client-typing`). */
  event?: string;
}

/** One channel in GET /api/bins/:bin/channels and in the live `channels` message. */
export interface ChannelSummary {
  name: string;
  type: ChannelType;
  occupied: boolean;
  /** Present members (only for channels that have had member events). */
  members?: ChannelMember[];
  /** sockudo's `subscription_count`, or ts-broadcasting's subscribed sockets. */
  subscriptionCount?: number;
  firstEventAt: number;
  lastEventAt: number;
  /** How many anomalies the channel has shown. */
  anomalies: number;
}

/** GET /api/bins/:bin/channels/:channel[?at=REQUEST_ID]. */
export interface ChannelDetail {
  name: string;
  type: ChannelType;
  occupied: boolean;
  members: ChannelMember[];
  subscriptionCount?: number;
  firstEventAt: number;
  lastEventAt: number;
  /** The most recent entries (at most 500), oldest first; `timelineCount` says how many there were. */
  timeline: TimelineEntry[];
  timelineCount: number;
  /** The most recent anomalies (at most 100), oldest first; `anomalyCount` says how many there were. */
  anomalies: ChannelAnomaly[];
  anomalyCount: number;
  /** The highest request id the state includes. */
  asOf: number;
}

export interface ChannelList {
  channels: ChannelSummary[];
  asOf: number;
}

export interface ChannelFilter {
  occupied?: boolean;
  /** Channels whose name starts with this. */
  prefix?: string;
}

export interface Percentiles {
  /** How many values the figures are computed over. */
  count: number;
  p50: number | null;
  p99: number | null;
}

/** GET /api/bins/:bin/timing: how the bin's webhooks arrive (the newest `limit` requests that carried events). */
export interface DeliveryTiming {
  /** Requests with events looked at (oldest..newest of the window). */
  requests: number;
  sender: {
    /** Inferred from headers and User-Agent. */
    name: 'soketi' | 'sockudo' | 'ts-broadcasting' | 'pusher-compatible' | 'unknown';
    /** The header that told. */
    evidence: string | null;
    /** The batching window the sender likely uses (ms), null when it does not batch or is unknown. */
    batchWindowMs: number | null;
    /** Most events it puts in one batch, when it has a cap. */
    batchMaxEvents: number | null;
  };
  eventsPerRequest: { min: number | null; p50: number | null; max: number | null; histogram: { events: number; requests: number }[] };
  /** Between consecutive deliveries (receivedAt), ms. */
  gapMs: Percentiles;
  /** receivedAt - the sender's time_ms, ms (clock skew included). */
  delayMs: Percentiles;
  retries: { bodies: number; maxAttempt: number };
  /** Events per request over time, for a chart (oldest first). */
  series: { requestId: number; receivedAt: number; events: number; attempt: number }[];
}
