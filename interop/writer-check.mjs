// hookscope's soketi writer (POST /api/send, as: soketi) against real soketi: every request soketi
// posted during the scenario is rebuilt from its events (same time_ms and socket ids) and must come out
// byte for byte: body, header names in the same order and case, the same values (the User-Agent's
// process id aside) and so the same signature.
import { hookscope } from '../dist/sdk/index.js';
import { APP } from './soketi.mjs';

const asUserEvent = (e, timeMs) => {
  const out = { name: e.name, channel: e.channel, timeMs };
  if (e.user_id !== undefined) out.userId = e.user_id;
  if (e.event !== undefined) out.event = e.event;
  if (e.socket_id !== undefined) out.socketId = e.socket_id;
  if (e.data !== undefined) out.data = e.data;
  return out;
};

const withoutPid = (raw) => raw.map((v, i) => (i % 2 === 1 && /^user-agent$/i.test(raw[i - 1]) ? v.replace(/Process: \d+/, 'Process: N') : v));

/** Returns [ok, detail]. */
export async function compareWithWriter(baseUrl, binId, batching) {
  const hs = hookscope(baseUrl);
  const bin = await hs.bin(binId);
  const scratch = await hs.createBin({ name: `${binId}-writer` });
  const summaries = (await bin.requests({ after: 0, limit: 500 })).sort((a, b) => a.id - b.id);
  const problems = [];
  for (const s of summaries) {
    const real = await bin.request(s.id);
    const parsed = JSON.parse(real.body);
    const events = parsed.events.map((e) => asUserEvent(e, parsed.time_ms));
    const [ours] = await hs.send({ to: `${baseUrl}/h/${scratch.id}`, as: 'soketi', key: APP.key, secret: APP.secret, events, batch: batching && events.length > 1, retries: 0 });
    if (ours.request.body !== real.body) problems.push(`#${s.id} body: ${ours.request.body} != ${real.body}`);
    const a = JSON.stringify(withoutPid(ours.request.rawHeaders));
    const b = JSON.stringify(withoutPid(real.rawHeaders));
    if (a !== b) problems.push(`#${s.id} headers: ${a} != ${b}`);
  }
  return [summaries.length > 0 && problems.length === 0, problems.length ? problems.join('; ').slice(0, 1500) : `${summaries.length} requests identical`];
}

/**
 * The scenario up to A's unsubscribe, as hookscope expands it, against what soketi sent for the same
 * client actions (B's disconnect, one socket leaving two channels, is beyond a scenario's steps).
 */
export async function compareScenario(baseUrl, binId, presence, privateChannel) {
  const hs = hookscope(baseUrl);
  const bin = await hs.bin(binId);
  const show = (e) => `${e.name}(${e.channel}${e.user_id ? ` ${e.user_id}` : ''})`;
  const real = [];
  for (const s of (await bin.requests({ after: 0, limit: 500 })).sort((a, b) => a.id - b.id)) real.push(...JSON.parse((await bin.request(s.id)).body).events.map(show));
  const scratch = await hs.createBin({ name: `${binId}-scenario` });
  const steps = [
    { join: { channel: presence, userId: '42', userInfo: { name: 'Ada' } } },
    { join: { channel: presence, userId: '7', userInfo: { name: 'Bob' } } },
    { subscribe: { channel: privateChannel } },
    { clientEvent: { channel: presence, event: 'client-typing', data: { typing: true }, userId: '42' } },
    { leave: { channel: presence, userId: '42' } },
  ];
  const deliveries = await hs.send({ to: `${baseUrl}/h/${scratch.id}`, as: 'soketi', key: APP.key, secret: APP.secret, scenario: { steps }, retries: 0 });
  const ours = deliveries.flatMap((d) => JSON.parse(d.request.body).events.map(show));
  const same = JSON.stringify(ours) === JSON.stringify(real.slice(0, ours.length));
  return [same, same ? ours.join(', ') : `ours ${ours.join(', ')} != soketi's ${real.join(', ')}`];
}
