// Test helpers for the client suites: send Pusher-shaped webhooks, signed like a broadcast server
// signs them (formats.md: X-Pusher-Signature = hex HMAC-SHA256 of the raw body with the app secret).
import { createHmac } from 'node:crypto';

export const KEY = 'app-key';
export const SECRET = 'app-secret-0123456789';

export interface PusherEvent {
  name: string;
  channel?: string;
  event?: string;
  user_id?: string;
  data?: string;
  socket_id?: string;
}

/** POSTs one Pusher webhook (a batch of `events`) to `url`; returns the stored request id. */
export async function sendPusher(url: string, events: PusherEvent[], secret = SECRET): Promise<number> {
  const body = JSON.stringify({ time_ms: Date.now(), events });
  const signature = createHmac('sha256', secret).update(body).digest('hex');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Pusher-Key': KEY, 'X-Pusher-Signature': signature },
    body,
  });
  if (res.status !== 200) throw new Error(`capture answered ${res.status}: ${await res.text()}`);
  return Number(res.headers.get('x-hookscope-request-id'));
}

export const occupied = (channel: string): PusherEvent => ({ name: 'channel_occupied', channel });
export const vacated = (channel: string): PusherEvent => ({ name: 'channel_vacated', channel });
export const memberAdded = (channel: string, userId: string): PusherEvent => ({ name: 'member_added', channel, user_id: userId });
