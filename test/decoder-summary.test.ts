// Every captured body names the decoder that understood it, in the list summary.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RequestSummary } from '../core/wire.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { json, send } from './helpers/http.js';
import { testDb } from './helpers/test-db.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: await testDb(), quiet: true });
});
afterAll(() => s.close());

it('summaries carry decoder, eventCount and eventNames for every kind of body', async () => {
  const bodies: [string, string | Buffer, string][] = [
    ['application/json', '{"time_ms":1795431750358,"events":[{"name":"channel_vacated","channel":"a"},{"name":"member_removed","channel":"presence-a","user_id":"1"}]}', 'pusher-batch'],
    ['application/json', '[1,2,3]', 'json'],
    ['application/x-www-form-urlencoded', 'a=1&b=two', 'form'],
    ['text/plain', 'just text', 'text'],
    ['application/octet-stream', Buffer.from([0, 1, 2, 255, 254]), 'binary'],
  ];
  for (const [type, body] of bodies) await send(`${s.url}/h/kinds`, { headers: { 'Content-Type': type }, body });
  const list = (await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/kinds/requests`)).body.requests.reverse();
  expect(list.map((r) => r.decoder)).toEqual(bodies.map(([, , d]) => d));
  expect(list[0].eventCount).toBe(2);
  expect(list[0].eventNames).toEqual(['channel_vacated', 'member_removed']);
  expect(list.slice(1).every((r) => r.eventCount === 0 && r.eventNames.length === 0)).toBe(true);
});
