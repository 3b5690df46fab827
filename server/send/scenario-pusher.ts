// Client actions -> the webhooks a Pusher-protocol server emits for them, on a timeline. One model of
// channels, connections and presence members; each server's quirks are rules (formats.md 1.1, 2.1, 3.1):
// - first connection of a channel: channel_occupied; first connection of a user: member_added (a
//   second connection of the same user gives nothing); cache channels: cache_miss;
// - last connection leaves: channel_vacated; a user's last connection leaves: member_removed. soketi
//   sends both at once, channel_vacated first (live capture: member_removed waits on an async member
//   lookup, ws-handler.ts L483); Pusher and sockudo wait 3 s and send nothing when the user (or, for
//   Pusher, anyone) came back meanwhile; sockudo then sends member_removed before channel_vacated;
// - Pusher and sockudo send subscription_count on every subscribe and unsubscribe of a non-presence channel.
import type { PusherSendEvent, ScenarioStep } from '../../core/send.js';
import { httpError } from '../errors.js';
import { isPresence } from './formats/pusher-events.js';
import type { Emission, IdSource, WireEvent } from './types.js';

export interface PusherScenarioRules {
  /** Delay of member_removed / channel_vacated (0: at once). */
  removalDelayMs: number;
  /** soketi: channel_vacated before the last member_removed. */
  vacateFirst: boolean;
  /** A channel re-occupied within the delay: 'silent' (Pusher: nothing happened) or 'occupied' (sockudo: count went 0 -> 1). */
  reoccupied: 'silent' | 'occupied';
  subscriptionCount: boolean;
  /** cache_miss on every subscribe (soketi, sockudo) or only when the channel becomes occupied (Pusher de-duplicates). */
  cacheMiss: 'every' | 'first';
  /** Pusher rejects client events outside private-/presence- channels. */
  clientEventsPrivateOnly: boolean;
  /** The server's own writer (key order, data typing, user_id, sockudo's cache_miss data). */
  write(event: PusherSendEvent): WireEvent;
}

interface Conn {
  socketId: string;
  userId?: string;
}

interface Channel {
  conns: Conn[];
  members: Map<string, number>;
  /** Pending removals by generation: a later join cancels one, a later leave starts a new one. */
  vacatePending: number | null;
  removalPending: Map<string, number>;
}

const invalid = (i: number, message: string) => httpError(400, 'invalid_scenario', `steps.${i}: ${message}`);
const isCache = (c: string): boolean => /^(private-encrypted-|private-|presence-)?cache-/.test(c);

export function expandPusherScenario(steps: readonly ScenarioStep[], rules: PusherScenarioRules, ids: IdSource): Emission[] {
  const out: Emission[] = [];
  const channels = new Map<string, Channel>();
  const timers: { at: number; seq: number; run: () => void }[] = [];
  let now = 0;
  let gen = 0;
  const emit = (e: PusherSendEvent): void => void out.push({ at: now, event: rules.write(e), name: e.name });
  const chan = (name: string): Channel => {
    let c = channels.get(name);
    if (!c) channels.set(name, (c = { conns: [], members: new Map(), vacatePending: null, removalPending: new Map() }));
    return c;
  };
  const later = (run: () => void): void => {
    if (rules.removalDelayMs === 0) return run();
    timers.push({ at: now + rules.removalDelayMs, seq: timers.length === 0 ? 0 : Math.max(...timers.map((t) => t.seq)) + 1, run });
  };
  /** Runs the delayed checks due by `t`, earliest first (ties in the order they were scheduled). */
  const fireUntil = (t: number): void => {
    const saved = now;
    for (;;) {
      const due = timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      timers.splice(timers.indexOf(due), 1);
      now = due.at;
      due.run();
    }
    now = saved;
  };
  const count = (name: string, c: Channel): void => {
    if (rules.subscriptionCount && !isPresence(name)) emit({ name: 'subscription_count', channel: name, subscriptionCount: c.conns.length });
  };

  function connect(name: string, userId: string | undefined): void {
    const c = chan(name);
    c.conns.push({ socketId: ids.socketId(), userId });
    const first = c.conns.length === 1;
    if (first && !(c.vacatePending !== null && rules.reoccupied === 'silent')) emit({ name: 'channel_occupied', channel: name });
    if (first && rules.reoccupied === 'silent') c.vacatePending = null;
    if (userId !== undefined && isPresence(name)) {
      const n = c.members.get(userId) ?? 0;
      if (n === 0 && !c.removalPending.has(userId)) emit({ name: 'member_added', channel: name, userId });
      c.removalPending.delete(userId);
      c.members.set(userId, n + 1);
    }
    count(name, c);
    if (isCache(name) && (rules.cacheMiss === 'every' || first)) emit({ name: 'cache_miss', channel: name });
  }

  function disconnect(i: number, name: string, pick: (conn: Conn) => boolean, who: string): void {
    const c = channels.get(name);
    const at = c?.conns.findIndex(pick) ?? -1;
    if (!c || at < 0) throw invalid(i, `${who} is not subscribed to ${name}`);
    const [gone] = c.conns.splice(at, 1);
    const user = gone.userId !== undefined && isPresence(name) ? gone.userId : undefined;
    const left = user === undefined ? -1 : (c.members.get(user) ?? 1) - 1;
    if (user !== undefined) c.members.set(user, left);
    count(name, c);
    const checks: (() => void)[] = [];
    if (user !== undefined && left === 0) {
      const g = ++gen;
      c.removalPending.set(user, g);
      checks.push(() => {
        // Sent only if the user has no connection now and no later join cancelled this removal.
        if ((c.members.get(user) ?? 0) > 0 || c.removalPending.get(user) !== g) return;
        c.removalPending.delete(user);
        c.members.delete(user);
        emit({ name: 'member_removed', channel: name, userId: user });
      });
    }
    if (c.conns.length === 0) {
      const g = ++gen;
      c.vacatePending = g;
      checks.push(() => {
        // sockudo re-checks the count only; Pusher also drops a vacate that a re-join cancelled.
        if (c.conns.length > 0 || (rules.reoccupied === 'silent' && c.vacatePending !== g)) return;
        c.vacatePending = null;
        emit({ name: 'channel_vacated', channel: name });
      });
    }
    for (const run of rules.vacateFirst ? checks.reverse() : checks) later(run);
  }

  steps.forEach((step, i) => {
    fireUntil(now);
    if ('waitMs' in step) {
      fireUntil(now + step.waitMs);
      now += step.waitMs;
      fireUntil(now);
    } else if ('join' in step) connect(step.join.channel, step.join.userId);
    else if ('subscribe' in step) {
      if (isPresence(step.subscribe.channel)) throw invalid(i, `${step.subscribe.channel} is a presence channel: use join with a userId`);
      connect(step.subscribe.channel, undefined);
    } else if ('leave' in step) {
      const { channel, userId } = step.leave;
      disconnect(i, channel, (c) => c.userId === userId, `user ${userId}`);
    } else if ('unsubscribe' in step) disconnect(i, step.unsubscribe.channel, (c) => c.userId === undefined, 'no anonymous connection (subscribe)');
    else {
      const { channel, event, data, userId } = step.clientEvent;
      if (!event.startsWith('client-')) throw invalid(i, `client event names start with "client-" (got "${event}")`);
      if (rules.clientEventsPrivateOnly && !/^(private|presence)-/.test(channel)) throw invalid(i, `Pusher allows client events on private- and presence- channels only (${channel})`);
      const conn = channels.get(channel)?.conns.find((c) => userId === undefined || c.userId === userId);
      if (!conn) throw invalid(i, `no connection${userId === undefined ? '' : ` of user ${userId}`} is subscribed to ${channel}`);
      emit({ name: 'client_event', channel, event, data, socketId: conn.socketId, userId: conn.userId });
    }
  });
  fireUntil(Number.POSITIVE_INFINITY);
  return out;
}
