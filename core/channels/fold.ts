// The channel state machine: folds a bin's decoded webhook events, request by request in id order
// and event by event in batch order, into per-channel state (occupied, members, subscription
// count), a timeline and anomalies. Pure and isomorphic: the server folds stored and live requests
// with it, and anything else holding decoded events (a test, the viewer) can too.
import { addAnomaly, addTimeline, type ChannelRecord, detailOf, isOccupied, newRecord, summaryOf } from './channel-record.js';
import { defaultFoldLimits, type FoldEvent, type FoldLimits, type FoldRequest } from './fold-types.js';
import { channelOccupied, channelVacated, type EventAt, memberAdded, memberRemoved, memberUpdated, subscriptionCount } from './pusher-rules.js';
import { createTsbRules, TSB_EVENTS } from './tsb-rules.js';
import type { ChannelDetail, ChannelFilter, ChannelSummary, TimelineEntry } from './types.js';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function createChannelFold(options: Partial<FoldLimits> = {}) {
  const limits: FoldLimits = { ...defaultFoldLimits, ...options };
  // Map order is least recently touched first: a touched channel is moved to the end.
  const channels = new Map<string, ChannelRecord>();
  const tsb = createTsbRules(limits.sockets);
  let asOf = 0;
  let firstId: number | undefined;

  /** Once per request and channel: an event earlier than the latest time an earlier request gave. */
  function checkTime(c: ChannelRecord, time: number | undefined, requestId: number, index: number): void {
    if (time === undefined) return;
    if (c.maxTime !== undefined && time < c.maxTime && c.maxTimeRequest < requestId && c.timeFlagged !== requestId) {
      c.timeFlagged = requestId;
      const message = `time_ms ${time} is ${c.maxTime - time} ms before the ${c.maxTime} of request ${c.maxTimeRequest}`;
      addAnomaly(c, 'time_went_backwards', requestId, index, message, limits);
    }
    if (c.maxTime === undefined || time > c.maxTime) {
      c.maxTime = time;
      c.maxTimeRequest = requestId;
    }
  }

  function applyEvent(req: FoldRequest, e: FoldEvent, changed: Set<string>): void {
    const at = e.time ?? req.receivedAt;
    const where: EventAt = { requestId: req.id, index: e.index, limits };
    const touch = (name: string, userId: string | undefined): ChannelRecord => {
      let c = channels.get(name);
      if (c) channels.delete(name);
      else c = newRecord(name, at);
      channels.set(name, c);
      changed.add(name);
      const entry: TimelineEntry = { requestId: req.id, index: e.index, name: e.name, at };
      if (userId !== undefined) entry.userId = userId;
      if (e.event !== undefined) entry.event = e.event;
      addTimeline(c, entry, limits);
      checkTime(c, e.time, req.id, e.index);
      return c;
    };
    if (TSB_EVENTS.has(e.name)) return tsb.apply(e, touch, where);
    if (e.channel === undefined) return;
    const c = touch(e.channel, e.userId);
    const userId = e.userId;
    switch (e.name) {
      case 'channel_occupied':
        return channelOccupied(c, where);
      case 'channel_vacated':
        return channelVacated(c, where);
      case 'member_added':
        if (userId !== undefined) memberAdded(c, userId, isObj(e.raw) ? e.raw.user_info : undefined, where);
        return;
      case 'member_removed':
        if (userId !== undefined) memberRemoved(c, userId, where);
        return;
      case 'member_updated':
        if (userId !== undefined) memberUpdated(c, userId, e.raw);
        return;
      case 'subscription_count':
        return subscriptionCount(c, e.raw);
    }
    // client_event, cache_miss and names hookscope does not know: the timeline only.
  }

  /** Over the cap, forget the least recently touched channels, unoccupied and memberless ones first. */
  function evict(): void {
    while (channels.size > limits.channels) {
      let victim: string | undefined;
      for (const [name, c] of channels) {
        if (!isOccupied(c) && c.members.size === 0) {
          victim = name;
          break;
        }
      }
      channels.delete(victim ?? (channels.keys().next().value as string));
    }
  }

  return {
    limits,
    /** The highest request id applied (0: none). */
    get asOf(): number {
      return asOf;
    },
    /**
     * Applies one request (requests must come in id order). A retry (attempt > 1) whose first delivery
     * this fold has seen is not applied again. Returns the names of the channels it changed.
     */
    apply(req: FoldRequest): string[] {
      firstId ??= req.id;
      if (req.id > asOf) asOf = req.id;
      if ((req.attempt ?? 1) > 1 && req.retryOf !== undefined && req.retryOf >= firstId) return [];
      const changed = new Set<string>();
      for (const e of req.events) applyEvent(req, e, changed);
      if (channels.size > limits.channels) evict();
      return [...changed].filter((name) => channels.has(name));
    },
    /** Channels by name. */
    list(filter: ChannelFilter = {}): ChannelSummary[] {
      const out: ChannelSummary[] = [];
      for (const c of channels.values()) {
        if (filter.prefix && !c.name.startsWith(filter.prefix)) continue;
        if (filter.occupied !== undefined && isOccupied(c) !== filter.occupied) continue;
        out.push(summaryOf(c));
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    summary(name: string): ChannelSummary | undefined {
      const c = channels.get(name);
      return c && summaryOf(c);
    },
    detail(name: string): ChannelDetail | undefined {
      const c = channels.get(name);
      return c && detailOf(c, asOf, limits);
    },
    get size(): number {
      return channels.size;
    },
  };
}

export type ChannelFold = ReturnType<typeof createChannelFold>;
