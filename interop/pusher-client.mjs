// A minimal Pusher-protocol client (protocol 7) over a raw `ws` WebSocket that signs its own
// private/presence channel auth, as an app's auth endpoint would.
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';

export function hmacSha256Hex(secret, message) {
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Channel auth for pusher:subscribe: key:hmac(socket_id:channel[:channel_data]). */
export function channelAuth({ key, secret }, socketId, channel, channelData) {
  const message = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return `${key}:${hmacSha256Hex(secret, message)}`;
}

/**
 * Connect and wait for pusher:connection_established. Returns a client with
 * socketId, subscribe(), trigger(), unsubscribe(), close(), next(predicate, ms).
 */
export async function connectPusher(wsUrl, app, { timeoutMs = 5000 } = {}) {
  const ws = new WebSocket(wsUrl);
  const inbox = [];
  const waiters = new Set();
  let closed = false;
  ws.on('message', (raw) => {
    let msg;
    try {
      msg = JSON.parse(raw.toString());
    } catch {
      return;
    }
    if (typeof msg.data === 'string') {
      try {
        msg.data = JSON.parse(msg.data);
      } catch {
        // leave as string
      }
    }
    if (msg.event === 'pusher:ping') send({ event: 'pusher:pong', data: {} });
    inbox.push(msg);
    for (const w of waiters) w();
  });
  ws.on('close', () => {
    closed = true;
    for (const w of waiters) w();
  });
  ws.on('error', () => {}); // surfaced as a close / timeout below

  function send(obj) {
    ws.send(JSON.stringify(obj));
  }

  /** Resolve with the first inbox message matching `predicate` (consumed), or reject after `ms`. */
  function next(predicate, ms = timeoutMs, what = 'message') {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = inbox.findIndex(predicate);
        if (i >= 0) {
          const [msg] = inbox.splice(i, 1);
          finish(null, msg);
        } else if (closed) {
          finish(new Error(`socket closed while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => finish(new Error(`no ${what} within ${ms} ms`)), ms);
      function finish(err, msg) {
        clearTimeout(timer);
        waiters.delete(check);
        if (err) reject(err);
        else resolve(msg);
      }
      waiters.add(check);
      check();
    });
  }

  const established = await next((m) => m.event === 'pusher:connection_established' || m.event === 'pusher:error', timeoutMs, 'pusher:connection_established');
  if (established.event === 'pusher:error') throw new Error(`pusher:error ${JSON.stringify(established.data)}`);
  const socketId = established.data.socket_id;

  /** Subscribe; presence channels need `member` ({user_id, user_info}). Waits for subscription_succeeded. */
  async function subscribe(channel, member) {
    const data = { channel };
    if (channel.startsWith('presence-')) {
      data.channel_data = JSON.stringify(member);
      data.auth = channelAuth(app, socketId, channel, data.channel_data);
    } else if (channel.startsWith('private-')) {
      data.auth = channelAuth(app, socketId, channel);
    }
    send({ event: 'pusher:subscribe', data });
    const reply = await next(
      (m) => (m.event === 'pusher_internal:subscription_succeeded' && m.channel === channel) || m.event === 'pusher:subscription_error' || m.event === 'pusher:error',
      timeoutMs,
      `subscription_succeeded for ${channel}`,
    );
    if (reply.event !== 'pusher_internal:subscription_succeeded') throw new Error(`${reply.event} for ${channel}: ${JSON.stringify(reply.data)}`);
    return reply;
  }

  return {
    socketId,
    subscribe,
    next,
    trigger(channel, event, data) {
      send({ event, channel, data });
    },
    unsubscribe(channel) {
      send({ event: 'pusher:unsubscribe', data: { channel } });
    },
    close() {
      if (closed) return Promise.resolve();
      return new Promise((resolve) => {
        ws.once('close', resolve);
        ws.close();
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 2000).unref();
      });
    },
  };
}
