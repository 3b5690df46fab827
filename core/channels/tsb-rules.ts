// ts-broadcasting's webhooks (formats.md §4.3): `connection` {socketId, connectedAt, user?},
// `subscribe` {socketId, channel, channelData?}, `unsubscribe` {socketId, channel}, `disconnection`
// {socketId, code, reason}; `presence_join` / `presence_leave` are fired by the application with any data.
// Presence follows the subscribed sockets: a user is present while one of their sockets is subscribed
// (ts-broadcasting keys presence members by socket, channels.ts), and a disconnection unsubscribes
// the socket from every channel it was in.
import { dataField, idField, isObject } from '../decode/event-fields.js';
import type { ChannelRecord, Member } from './channel-record.js';
import { type EventAt, memberAdded, memberRemoved, settleVacate } from './pusher-rules.js';
import type { FoldEvent } from './fold-types.js';

interface SocketInfo {
  userId?: string;
  userInfo?: unknown;
  channels: Set<string>;
}

/** The fold's handle on a channel: creates it, records the event in its timeline, marks it changed. */
export type Touch = (name: string, userId?: string) => ChannelRecord;

export const TSB_EVENTS = new Set(['connection', 'subscribe', 'unsubscribe', 'disconnection', 'presence_join', 'presence_leave']);

function dataOf(e: FoldEvent): Record<string, unknown> {
  return isObject(e.data) ? e.data : {};
}

/** channelData may be an object or the JSON string a Pusher-style client sends. */
function channelData(data: Record<string, unknown>): Record<string, unknown> | undefined {
  const cd = dataField(data.channelData);
  return isObject(cd) ? cd : undefined;
}

/** Who joins or leaves in an application-fired presence event: the decoder's userId, else common shapes. */
function presenceUser(e: FoldEvent): { userId?: string; userInfo?: unknown } {
  const d = dataOf(e);
  const member = isObject(d.member) ? d.member : undefined;
  const user = isObject(d.user) ? d.user : undefined;
  const userId = e.userId ?? idField(member?.id) ?? idField(member?.user_id) ?? idField(d.userId) ?? idField(d.user_id) ?? idField(d.id);
  const userInfo = member?.info ?? member?.user_info ?? d.userInfo ?? d.user_info ?? d.info ?? user ?? channelData(d)?.user_info;
  return { userId, userInfo };
}

export function createTsbRules(maxSockets: number) {
  const sockets = new Map<string, SocketInfo>();

  function socket(id: string): SocketInfo {
    let info = sockets.get(id);
    if (!info) {
      // Connections whose disconnection never came must not grow the map without bound.
      if (sockets.size >= maxSockets) sockets.delete(sockets.keys().next().value as string);
      sockets.set(id, (info = { channels: new Set() }));
    }
    return info;
  }

  function subscribe(e: FoldEvent, c: ChannelRecord, socketId: string): void {
    const info = socket(socketId);
    c.sockets ??= new Set();
    settleVacate(c);
    c.sockets.add(socketId);
    info.channels.add(c.name);
    c.subscriptionCount = c.sockets.size;
    if (c.sockets.size === 1) c.lifecycle = 'occupied';
    const cd = channelData(dataOf(e));
    const userId = idField(cd?.user_id) ?? (c.type === 'presence' ? info.userId : undefined);
    if (userId === undefined) return;
    const userInfo = cd?.user_info ?? (idField(cd?.user_id) === undefined ? info.userInfo : undefined);
    let member = c.members.get(userId);
    if (!member) c.members.set(userId, (member = { userId, sockets: new Set() } satisfies Member));
    member.sockets ??= new Set();
    member.sockets.add(socketId);
    if (userInfo !== undefined) member.userInfo = userInfo;
  }

  function unsubscribe(c: ChannelRecord, socketId: string): void {
    if (!c.sockets?.delete(socketId)) return;
    sockets.get(socketId)?.channels.delete(c.name);
    for (const member of c.members.values()) {
      if (member.sockets?.delete(socketId) && member.sockets.size === 0) c.members.delete(member.userId);
    }
    c.subscriptionCount = c.sockets.size;
    if (c.sockets.size === 0) c.lifecycle = 'vacated';
  }

  function memberOf(c: ChannelRecord, socketId: string): string | undefined {
    for (const m of c.members.values()) if (m.sockets?.has(socketId)) return m.userId;
    return undefined;
  }

  return {
    /** Applies a ts-broadcasting lifecycle event; channel-less events touch the channels they affect. */
    apply(e: FoldEvent, touch: Touch, at: EventAt): void {
      const socketId = e.socketId;
      if (e.name === 'connection') {
        if (!socketId) return;
        const info = socket(socketId);
        const user = dataOf(e).user;
        if (e.userId !== undefined) info.userId = e.userId;
        if (isObject(user)) info.userInfo = user;
        return;
      }
      if (e.name === 'disconnection') {
        const info = socketId === undefined ? undefined : sockets.get(socketId);
        if (!info || socketId === undefined) return;
        for (const name of [...info.channels]) {
          const c = touch(name, undefined);
          const userId = memberOf(c, socketId);
          if (userId !== undefined) c.timeline[c.timeline.length - 1].userId = userId;
          unsubscribe(c, socketId);
        }
        sockets.delete(socketId);
        return;
      }
      if (e.channel === undefined) return;
      if (e.name === 'presence_join' || e.name === 'presence_leave') {
        const who = presenceUser(e);
        const c = touch(e.channel, who.userId);
        if (who.userId === undefined) return;
        // Where subscriptions already track presence, the application's own events are not checked.
        const check = c.sockets === null;
        if (e.name === 'presence_join') memberAdded(c, who.userId, who.userInfo, at, check);
        else memberRemoved(c, who.userId, at, check);
        return;
      }
      const c = touch(e.channel, e.userId);
      if (!socketId) return;
      // The timeline names the user the socket stands for, when it is a member.
      if (e.name === 'subscribe') subscribe(e, c, socketId);
      const userId = memberOf(c, socketId);
      if (userId !== undefined) c.timeline[c.timeline.length - 1].userId ??= userId;
      if (e.name === 'unsubscribe') unsubscribe(c, socketId);
    },
  };
}

export type TsbRules = ReturnType<typeof createTsbRules>;
