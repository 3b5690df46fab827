// A stand-in for your app and its broadcast server: it serves a page with Join / Leave buttons
// and, when they are clicked, sends the signed Pusher webhooks soketi would send to the bin.
// In a real suite this is your app (pusher-js in the browser) and a real soketi or sockudo whose
// webhook URL is the test's bin.url.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const app = { key: 'app-key', secret: 'app-secret' };

const page = `<!doctype html><title>chat</title>
<input id=user value=alice> <button id=join>Join</button> <button id=leave>Leave</button>
<script>
  const send = (action) => fetch('/presence', { method: 'POST', body: JSON.stringify({ action, channel: 'presence-room-1', user: user.value }) });
  join.onclick = () => send('join');
  leave.onclick = () => send('leave');
</script>`;

export interface FakeBroadcaster {
  url: string;
  close(): Promise<void>;
}

/** Webhooks go to `webhookUrl`; member bookkeeping as soketi does it (channel_occupied first, vacated last). */
export async function startFakeBroadcaster(webhookUrl: string): Promise<FakeBroadcaster> {
  const members = new Map<string, Set<string>>();
  const webhook = async (events: object[]): Promise<void> => {
    const body = JSON.stringify({ time_ms: Date.now(), events });
    const signature = createHmac('sha256', app.secret).update(body).digest('hex');
    await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Pusher-Key': app.key, 'X-Pusher-Signature': signature }, body });
  };
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const { action, channel, user } = JSON.parse(text) as { action: string; channel: string; user: string };
      const present = members.get(channel) ?? new Set<string>();
      members.set(channel, present);
      const events: object[] = [];
      if (action === 'join' && !present.has(user)) {
        if (present.size === 0) events.push({ name: 'channel_occupied', channel });
        present.add(user);
        events.push({ name: 'member_added', channel, user_id: user });
      } else if (action === 'leave' && present.delete(user)) {
        events.push({ name: 'member_removed', channel, user_id: user });
        if (present.size === 0) events.push({ name: 'channel_vacated', channel });
      }
      void (events.length > 0 ? webhook(events) : Promise.resolve()).then(() => res.writeHead(204).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
