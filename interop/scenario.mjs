// One interop scenario: a fresh soketi posts its webhooks into a fresh hookscope bin while two
// raw Pusher-protocol clients join a presence and a private channel, whisper, and leave.
// Every expectation is asserted through hookscope's API (hookscope-api.mjs).
import { isDeepStrictEqual } from 'node:util';
import { expectNoLostState, expectSameChannels } from './channel-checks.mjs';
import { createBin, listEvents, waitForEvent } from './hookscope-api.mjs';
import { connectPusher } from './pusher-client.mjs';
import { APP, startSoketi } from './soketi.mjs';
import { compareScenario, compareWithWriter } from './writer-check.mjs';
import { soketiApi } from './soketi-api.mjs';

const PRESENCE = 'presence-room-1';
const PRIVATE = 'private-chat-1';
const WAIT_MS = 5000;

/** Runs the scenario; returns { checks: [{ name, ok, detail, ms }], stats }. Never throws. */
export async function runScenario({ baseUrl, interopDir, batching, label, verbose }) {
  const checks = [];
  const t0 = Date.now();
  const record = (name, ok, detail = '') => {
    checks.push({ name: `${label}: ${name}`, ok, detail, ms: Date.now() - t0 });
    if (verbose) process.stdout.write(`  ${ok ? 'ok  ' : 'FAIL'} ${label}: ${name}${detail ? ` (${detail})` : ''}\n`);
  };
  const stats = { soketiStartMs: 0, requests: 0, events: 0, maxBatch: 0, order: '', soketiExit: null };
  let soketi;
  const clients = [];
  try {
    const bin = await createBin(baseUrl, { name: `interop-${label}-${Date.now().toString(36)}`, pusher: [{ key: APP.key, secret: APP.secret }] });
    const tStart = Date.now();
    soketi = await startSoketi({ interopDir, webhookUrl: `${baseUrl}/h/${bin.id}`, batching, verbose });
    stats.soketiStartMs = Date.now() - tStart;
    const expect = (what, filter, check) => expectEvent(baseUrl, bin.id, what, filter, check, record);
    const pusher = soketiApi(soketi.port);
    const sameChannels = (what) => expectSameChannels(baseUrl, bin.id, pusher, what, record);

    // Client A (user 42) occupies the presence channel.
    const a = await connectPusher(soketi.wsUrl, APP);
    clients.push(a);
    await a.subscribe(PRESENCE, { user_id: '42', user_info: { name: 'Ada' } });
    await expect('channel_occupied presence', { name: 'channel_occupied', channel: PRESENCE });
    await expect('member_added user 42', { name: 'member_added', channel: PRESENCE, userId: '42' }, (e) => e.raw?.user_id === '42' || `user_id ${e.raw?.user_id}`);
    await sameChannels('A joined');

    // Client B (user 7) joins the presence channel and occupies a private one.
    const b = await connectPusher(soketi.wsUrl, APP);
    clients.push(b);
    await b.subscribe(PRESENCE, { user_id: '7', user_info: { name: 'Bob' } });
    await b.subscribe(PRIVATE);
    await expect('member_added user 7', { name: 'member_added', channel: PRESENCE, userId: '7' });
    await expect('channel_occupied private', { name: 'channel_occupied', channel: PRIVATE });
    await sameChannels('B joined both');

    // A whispers on the presence channel; B receives it over the socket, hookscope as client_event.
    const data = { typing: true, text: 'héllo "q" </>' };
    a.trigger(PRESENCE, 'client-typing', data);
    const got = await b.next((m) => m.event === 'client-typing', WAIT_MS, 'client-typing on B').then(
      (m) => m,
      (err) => err,
    );
    record('B receives client-typing over ws', !(got instanceof Error) && isDeepStrictEqual(got.data, data), got instanceof Error ? got.message : '');
    await expect('client_event client-typing', { name: 'client_event', channel: PRESENCE, event: 'client-typing' }, (e) => {
      if (!isDeepStrictEqual(e.data, data)) return `data ${JSON.stringify(e.data)}`;
      if (e.userId !== '42') return `userId ${e.userId}`;
      if (e.socketId !== a.socketId) return `socketId ${e.socketId} != ${a.socketId}`;
      return true;
    });

    // A leaves the presence channel (B is still in it): member_removed 42, no channel_vacated yet.
    a.unsubscribe(PRESENCE);
    await expect('member_removed user 42', { name: 'member_removed', channel: PRESENCE, userId: '42' });
    const early = await listEvents(baseUrl, bin.id, { name: 'channel_vacated', channel: PRESENCE });
    record('no channel_vacated while B is present', early.length === 0, early.length ? `${early.length} early` : '');
    await sameChannels('A left the presence channel');

    // B disconnects: member_removed 7, channel_vacated for both channels.
    await b.close();
    await a.close();
    await expect('member_removed user 7', { name: 'member_removed', channel: PRESENCE, userId: '7' });
    await expect('channel_vacated presence', { name: 'channel_vacated', channel: PRESENCE });
    await expect('channel_vacated private', { name: 'channel_vacated', channel: PRIVATE });
    await sameChannels('everyone gone');
    await expectNoLostState(baseUrl, bin.id, record);

    await wholeBinChecks(baseUrl, bin.id, batching, record, stats);
    record("hookscope's soketi writer rebuilds every request byte for byte", ...(await compareWithWriter(baseUrl, bin.id, batching)));
    if (!batching) record('a hookscope scenario of the same actions sends what soketi sent', ...(await compareScenario(baseUrl, bin.id, PRESENCE, PRIVATE)));
  } catch (err) {
    record('scenario ran to the end', false, err.stack ?? String(err));
  } finally {
    await Promise.all(clients.map((c) => c.close().catch(() => {})));
    if (soketi) stats.soketiExit = await soketi.stop();
  }
  return { checks, stats, ms: Date.now() - t0 };
}

/** Wait for one event, then require a valid signature and the extra `check` (true or a reason). */
async function expectEvent(baseUrl, bin, what, filter, check, record) {
  const res = await waitForEvent(baseUrl, bin, filter, WAIT_MS);
  if (!res.ok) return record(what, false, `${res.reason}${res.closest ? ` closest: ${JSON.stringify(res.closest).slice(0, 400)}` : ''}`);
  const sig = res.request?.signature;
  if (sig?.status !== 'valid') return record(what, false, `signature ${JSON.stringify(sig)}`);
  const extra = check ? check(res.event) : true;
  record(what, extra === true, extra === true ? `request #${res.request.id}, signature valid` : extra);
}

/** Every stored request is validly signed; batching shows up (or not) in the events per request. */
async function wholeBinChecks(baseUrl, bin, batching, record, stats) {
  // soketi sends each webhook without waiting for us; give trailing posts a moment to land.
  await new Promise((r) => setTimeout(r, batching ? 300 : 150));
  const events = await listEvents(baseUrl, bin);
  const perRequest = new Map();
  for (const e of events) perRequest.set(e.request.id, e.request);
  const requests = [...perRequest.values()];
  stats.requests = requests.length;
  stats.events = events.length;
  stats.maxBatch = Math.max(0, ...requests.map((r) => r.eventCount ?? r.eventNames?.length ?? 0));
  // Arrival order, oldest first, requests separated by ' | ' (formats.md 2.1 ordering quirk).
  stats.order = requests
    .sort((x, y) => x.id - y.id)
    .map((r) => events.filter((e) => e.request.id === r.id).sort((x, y) => x.index - y.index).map(short).join(', '))
    .join(' | ');
  const bad = requests.filter((r) => r.signature?.status !== 'valid');
  record('every request validly signed', requests.length > 0 && bad.length === 0, `${requests.length} requests, ${events.length} events${bad.length ? `, bad: ${bad.map((r) => `#${r.id} ${r.signature?.status}`).join(', ')}` : ''}`);
  if (batching) record('a request carried a batch of >1 events', stats.maxBatch > 1, `max ${stats.maxBatch} events per request`);
  else record('one event per request (unbatched)', stats.maxBatch === 1 && requests.length === events.length, `max ${stats.maxBatch} events per request`);
}

function short(e) {
  const who = e.userId ? ` ${e.userId}` : e.event ? ` ${e.event}` : '';
  return `${e.name}(${e.channel}${who})`;
}
