// What each Pusher-protocol webhook event (Pusher, soketi, sockudo, pusher-fake; formats.md §1.1, §2.1,
// §3.1) does to a channel. presence_join / presence_leave (ts-broadcasting, fired by the app) reuse
// the member rules. Every surprise becomes an anomaly; the state still follows the stream.
import { addAnomaly, type ChannelRecord, type Member, type RecordLimits } from './channel-record.js';

export interface EventAt {
  requestId: number;
  index: number;
  limits: RecordLimits;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A sign of life after channel_vacated without a new channel_occupied: occupancy follows members again. */
function revive(c: ChannelRecord): void {
  if (c.lifecycle === 'vacated') c.lifecycle = 'unknown';
}

/** Anything but the member_removed that a pending vacate waits for settles it as vacated_with_members. */
export function settleVacate(c: ChannelRecord): void {
  c.pendingVacate = null;
}

export function channelOccupied(c: ChannelRecord, at: EventAt): void {
  settleVacate(c);
  if (c.lifecycle === 'occupied') {
    addAnomaly(c, 'occupied_twice', at.requestId, at.index, `channel_occupied for ${c.name}, which is occupied already (no channel_vacated since)`, at.limits);
  }
  c.lifecycle = 'occupied';
}

export function channelVacated(c: ChannelRecord, at: EventAt): void {
  settleVacate(c);
  c.lifecycle = 'vacated';
  if (c.subscriptionCount !== undefined) c.subscriptionCount = 0;
  if (c.members.size === 0) return;
  const remaining = new Set(c.members.keys());
  const who = [...remaining].join(', ');
  const anomaly = addAnomaly(c, 'vacated_with_members', at.requestId, at.index, `channel_vacated while ${remaining.size} member(s) remain: ${who}`, at.limits);
  c.pendingVacate = { anomaly, remaining };
}

/** `check`: false when the sender's member events are not expected to be exact (see tsb-rules.ts). */
export function memberAdded(c: ChannelRecord, userId: string, userInfo: unknown, at: EventAt, check = true): void {
  settleVacate(c);
  revive(c);
  const known = c.members.get(userId);
  if (known) {
    if (check && known.sockets === null) {
      addAnomaly(c, 'member_added_already_present', at.requestId, at.index, `member_added for user ${userId}, who is present already in ${c.name}`, at.limits);
    }
    if (userInfo !== undefined) known.userInfo = userInfo;
    return;
  }
  const member: Member = { userId, sockets: null };
  if (userInfo !== undefined) member.userInfo = userInfo;
  c.members.set(userId, member);
}

export function memberRemoved(c: ChannelRecord, userId: string, at: EventAt, check = true): void {
  const pending = c.pendingVacate;
  if (pending?.remaining.has(userId)) {
    c.members.delete(userId);
    pending.remaining.delete(userId);
    if (pending.remaining.size === 0) {
      pending.anomaly.kind = 'vacated_before_last_member_removed';
      pending.anomaly.message =
        `channel_vacated arrived before the member_removed of the last member(s) (request ${at.requestId}, event ${at.index}): ` +
        'soketi sends them in that order; the state is consistent';
      c.pendingVacate = null;
    }
    return;
  }
  if (pending) settleVacate(c);
  if (!c.members.delete(userId) && check) {
    addAnomaly(c, 'member_removed_not_present', at.requestId, at.index, `member_removed for user ${userId}, who is not present in ${c.name}`, at.limits);
  }
}

export function subscriptionCount(c: ChannelRecord, raw: unknown): void {
  const n = isObj(raw) ? Number(raw.subscription_count) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) return;
  c.subscriptionCount = n;
  if (n > 0) revive(c);
}

/** sockudo's member_updated: new user_info for a present member. */
export function memberUpdated(c: ChannelRecord, userId: string, raw: unknown): void {
  const member = c.members.get(userId);
  if (member && isObj(raw) && raw.user_info !== undefined) member.userInfo = raw.user_info;
}
