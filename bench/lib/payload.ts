// A ~1 KiB signed Pusher webhook batch (formats.md: body {time_ms, events}, X-Pusher-Key,
// X-Pusher-Signature = hex HMAC-SHA256 of the raw body with the app secret).
import { createHmac } from 'node:crypto';

export const KEY = 'bench-key';
export const SECRET = 'bench-secret-0123456789';

export function pusherBatch(seq: number, targetBytes = 1024): string {
  const events: Record<string, unknown>[] = [];
  let i = 0;
  let body = '';
  do {
    const room = `presence-room-${(seq + i) % 50}`;
    const kind = i % 4;
    if (kind === 0) events.push({ name: 'channel_occupied', channel: room });
    else if (kind === 1) events.push({ name: 'member_added', channel: room, user_id: String((seq * 7 + i) % 1000) });
    else if (kind === 2) events.push({ name: 'client_event', channel: room, event: 'client-typing', data: JSON.stringify({ text: 'x'.repeat(24), at: seq }), socket_id: `${seq}.${i}`, user_id: String(i) });
    else events.push({ name: 'member_removed', channel: room, user_id: String((seq * 3 + i) % 1000) });
    i++;
    body = JSON.stringify({ time_ms: 1_700_000_000_000 + seq, events });
  } while (body.length < targetBytes - 40);
  return body;
}

export function signedHeaders(body: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Pusher-Key': KEY,
    'X-Pusher-Signature': createHmac('sha256', SECRET).update(body).digest('hex'),
  };
}

/**
 * A soketi-shaped unsigned webhook with one client_event (~1 KiB), the same body every time
 * (formats.md 2.1: `data` is the client's raw JSON value, here a ~900-character string).
 */
export function soketiClientEvent(): string {
  return JSON.stringify({
    time_ms: 1_700_000_000_000,
    events: [{ name: 'client_event', channel: 'private-x', event: 'client-y', data: 'x'.repeat(900), socket_id: '1.2' }],
  });
}
