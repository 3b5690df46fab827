// One channel's derived state inside a fold, with its bounded timeline and anomaly list, and its
// wire views. Mutated only by the rules (pusher-rules.ts, tsb-rules.ts) through the helpers here.
import type { AnomalyKind, ChannelAnomaly, ChannelDetail, ChannelMember, ChannelSummary, ChannelType, TimelineEntry } from './types.js';

export interface Member {
  userId: string;
  userInfo?: unknown;
  /** ts-broadcasting: the subscribed sockets that make the user present; null when member events alone say so. */
  sockets: Set<string> | null;
}

export interface ChannelRecord {
  name: string;
  type: ChannelType;
  /** What channel_occupied / channel_vacated (or the first / last subscribed socket) last said. */
  lifecycle: 'unknown' | 'occupied' | 'vacated';
  members: Map<string, Member>;
  /** ts-broadcasting subscriptions; null while the channel has seen none. */
  sockets: Set<string> | null;
  subscriptionCount: number | undefined;
  firstEventAt: number;
  lastEventAt: number;
  /** Latest event time and the request it came in (time_went_backwards is across requests). */
  maxTime: number | undefined;
  maxTimeRequest: number;
  /** The request last flagged time_went_backwards (once per request and channel). */
  timeFlagged: number;
  timeline: TimelineEntry[];
  timelineCount: number;
  anomalies: ChannelAnomaly[];
  anomalyCount: number;
  /** A channel_vacated with members left: the member_removed of exactly those may still follow (soketi). */
  pendingVacate: { anomaly: ChannelAnomaly; remaining: Set<string> } | null;
}

export interface RecordLimits {
  /** Timeline entries kept per channel (the newest). */
  timeline: number;
  /** Anomalies kept per channel (the newest). */
  anomalies: number;
}

/** The prefix rules of the issue: private-encrypted- before private-, then presence-, cache-. */
export function channelType(name: string): ChannelType {
  if (name.startsWith('private-encrypted-')) return 'encrypted';
  if (name.startsWith('presence-')) return 'presence';
  if (name.startsWith('private-')) return 'private';
  if (name.startsWith('cache-')) return 'cache';
  return 'public';
}

export function newRecord(name: string, at: number): ChannelRecord {
  return {
    name,
    type: channelType(name),
    lifecycle: 'unknown',
    members: new Map(),
    sockets: null,
    subscriptionCount: undefined,
    firstEventAt: at,
    lastEventAt: at,
    maxTime: undefined,
    maxTimeRequest: 0,
    timeFlagged: 0,
    timeline: [],
    timelineCount: 0,
    anomalies: [],
    anomalyCount: 0,
    pendingVacate: null,
  };
}

/** Occupied as the stream says; without channel_occupied/vacated yet, members or subscriptions tell. */
export function isOccupied(c: ChannelRecord): boolean {
  if (c.lifecycle !== 'unknown') return c.lifecycle === 'occupied';
  return c.members.size > 0 || (c.subscriptionCount ?? 0) > 0;
}

/** Drops the oldest entries once a list is a quarter over its limit (amortised, no shift per push). */
function bounded<T>(list: T[], limit: number): void {
  if (list.length > limit + (limit >> 2)) list.splice(0, list.length - limit);
}

export function addTimeline(c: ChannelRecord, entry: TimelineEntry, limits: RecordLimits): void {
  c.timeline.push(entry);
  c.timelineCount++;
  bounded(c.timeline, limits.timeline);
  if (entry.at < c.firstEventAt) c.firstEventAt = entry.at;
  if (entry.at > c.lastEventAt) c.lastEventAt = entry.at;
}

export function addAnomaly(c: ChannelRecord, kind: AnomalyKind, requestId: number, index: number, message: string, limits: RecordLimits): ChannelAnomaly {
  const anomaly: ChannelAnomaly = { kind, requestId, index, message };
  c.anomalies.push(anomaly);
  c.anomalyCount++;
  bounded(c.anomalies, limits.anomalies);
  return anomaly;
}

function memberList(c: ChannelRecord): ChannelMember[] {
  return [...c.members.values()].map((m) => (m.userInfo === undefined ? { userId: m.userId } : { userId: m.userId, userInfo: m.userInfo }));
}

/** Channels that ever had member events list their members (possibly none). */
function hasPresence(c: ChannelRecord): boolean {
  return c.type === 'presence' || c.members.size > 0;
}

export function summaryOf(c: ChannelRecord): ChannelSummary {
  const s: ChannelSummary = { name: c.name, type: c.type, occupied: isOccupied(c), firstEventAt: c.firstEventAt, lastEventAt: c.lastEventAt, anomalies: c.anomalyCount };
  if (hasPresence(c)) s.members = memberList(c);
  if (c.subscriptionCount !== undefined) s.subscriptionCount = c.subscriptionCount;
  return s;
}

export function detailOf(c: ChannelRecord, asOf: number, limits: RecordLimits): ChannelDetail {
  const d: ChannelDetail = {
    name: c.name,
    type: c.type,
    occupied: isOccupied(c),
    members: memberList(c),
    firstEventAt: c.firstEventAt,
    lastEventAt: c.lastEventAt,
    timeline: c.timeline.slice(-limits.timeline),
    timelineCount: c.timelineCount,
    anomalies: c.anomalies.slice(-limits.anomalies).map((a) => ({ ...a })),
    anomalyCount: c.anomalyCount,
    asOf,
  };
  if (c.subscriptionCount !== undefined) d.subscriptionCount = c.subscriptionCount;
  return d;
}
