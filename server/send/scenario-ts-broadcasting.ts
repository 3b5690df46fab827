// Client actions -> ts-broadcasting webhooks (formats.md 4.3). Its server fires only three events:
// `connection` when a socket opens (server.ts L434-L441: {socketId, connectedAt}, `user` omitted with
// auth off), `subscribe` after a successful subscribe (L684-L691: {socketId, channel, channelData?},
// channelData being the client's raw channel_data), and `disconnection` when it closes (L816-L823:
// {socketId, code, reason}). unsubscribe, presence_join/leave and client_event exist only in its type
// union, so a scenario's clientEvent or a bare unsubscribe message produce no webhook. Here every join /
// subscribe is one new socket and every leave / unsubscribe closes it (code 1000, empty reason).
import type { ScenarioStep } from '../../core/send.js';
import { httpError } from '../errors.js';
import type { Emission, IdSource, WireEvent } from './types.js';

interface Socket {
  socketId: string;
  channel: string;
  userId?: string;
}

const invalid = (i: number, message: string) => httpError(400, 'invalid_scenario', `steps.${i}: ${message}`);

export function expandTsBroadcastingScenario(steps: readonly ScenarioStep[], ids: IdSource, base: number): Emission[] {
  const out: Emission[] = [];
  const sockets: Socket[] = [];
  let now = 0;
  const emit = (event: string, data: WireEvent): void => void out.push({ at: now, name: event, event: { event, data } });

  function open(channel: string, userId?: string, userInfo?: unknown): void {
    const socket: Socket = { socketId: ids.socketId(), channel, userId };
    sockets.push(socket);
    emit('connection', { socketId: socket.socketId, connectedAt: base + now });
    const data: WireEvent = { socketId: socket.socketId, channel };
    if (userId !== undefined && channel.startsWith('presence-')) {
      data.channelData = userInfo === undefined ? { user_id: userId } : { user_id: userId, user_info: userInfo };
    }
    emit('subscribe', data);
  }

  function close(i: number, pick: (s: Socket) => boolean, what: string): void {
    const at = sockets.findIndex(pick);
    if (at < 0) throw invalid(i, `${what}: no such connection`);
    const [socket] = sockets.splice(at, 1);
    emit('disconnection', { socketId: socket.socketId, code: 1000, reason: '' });
  }

  steps.forEach((step, i) => {
    if ('waitMs' in step) now += step.waitMs;
    else if ('join' in step) open(step.join.channel, step.join.userId, step.join.userInfo);
    else if ('subscribe' in step) open(step.subscribe.channel);
    else if ('leave' in step) {
      const { channel, userId } = step.leave;
      close(i, (s) => s.channel === channel && s.userId === userId, `user ${userId} on ${channel}`);
    } else if ('unsubscribe' in step) {
      const { channel } = step.unsubscribe;
      close(i, (s) => s.channel === channel && s.userId === undefined, `anonymous subscriber of ${channel}`);
    }
    // clientEvent: ts-broadcasting never sends a webhook for it.
  });
  return out;
}
