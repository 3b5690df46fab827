// MCP tool over POST /api/send (issue 17): send_webhooks, hookscope playing a broadcast server.
import { z } from 'zod';
import type { SendInput } from '../../core/send.js';
import { sendDelivery } from '../api/send-routes.js';
import { sendSchema } from '../send/input.js';
import { tool } from './tool.js';

const send = sendSchema.shape;

export const sendWebhooks = tool({
  name: 'send_webhooks',
  title: 'Send webhooks to your app as a broadcast server',
  description: 'Plays pusher, soketi, sockudo or ts-broadcasting: sends the exact webhooks that server would send (body, headers, signature, batching) for `events` (e.g. { name: "member_added", channel: "presence-room", userId: "42" }) or a `scenario` of client actions, to `to`, and returns each delivery with the app\'s answer. `bin` signs with that bin\'s stored secrets.',
  input: z.object({
    to: send.to.describe('your app\'s webhook URL'),
    as: send.as.describe('which server to play'),
    key: send.key.describe('Pusher app key (not used by ts-broadcasting)'),
    secret: send.secret.describe('app secret (ts-broadcasting: its webhook secret; "" sends unsigned)'),
    bin: send.bin.describe('sign with this bin\'s stored credentials where key/secret are not given'),
    events: send.events,
    scenario: send.scenario,
    batch: send.batch.describe('one request for the events of a batching window (default: what the server does)'),
    headers: send.headers,
    retries: send.retries.default(0).describe('retries after a failed attempt; 0 here by default (a server\'s own schedule can take minutes)'),
  }),
  output: z.object({ deliveries: z.array(sendDelivery) }),
  readOnly: false,
  async run(args, { client }, signal) {
    // The events schema refines "name or event" (what SendEvent's union says), as server/send/input.ts reads it.
    const deliveries = await client.send(args as SendInput, { signal });
    const lines = deliveries.map((d) => {
      const outcome = d.status === null ? `failed: ${d.error ?? 'no answer'}` : `-> ${d.status}`;
      return `webhook #${d.index} attempt ${d.attempt} ${outcome} in ${Math.round(d.durationMs)} ms  ${d.events.join(', ')}`;
    });
    return { text: lines.length > 0 ? lines.join('\n') : 'Nothing was sent (no event passed the event types).', structured: { deliveries } };
  },
});
