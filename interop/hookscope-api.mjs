// The harness's only contact with hookscope: the typed client `hookscope/client` (sdk/), loaded from
// this checkout's build (dist/sdk), exactly what a test suite that installed hookscope imports.
import { HookscopeChannelWaitError, HookscopeWaitError, hookscope } from '../dist/sdk/index.js';

const clients = new Map();
const client = (baseUrl) => {
  if (!clients.has(baseUrl)) clients.set(baseUrl, hookscope(baseUrl));
  return clients.get(baseUrl);
};
const handles = new Map();

/** hs.createBin(body) -> the bin handle (id, url, ...). */
export async function createBin(baseUrl, body) {
  const bin = await client(baseUrl).createBin(body);
  handles.set(`${baseUrl} ${bin.id}`, bin);
  return bin;
}

async function handle(baseUrl, id) {
  const key = `${baseUrl} ${id}`;
  if (!handles.has(key)) handles.set(key, await client(baseUrl).bin(id));
  return handles.get(key);
}

/** bin.events(filter): newest first, each with its `request` summary. */
export async function listEvents(baseUrl, bin, filter = {}) {
  return (await handle(baseUrl, bin)).events({ limit: 500, ...filter });
}

/**
 * bin.waitForEvent(filter, { timeout, after: 0 }): the first event matching `filter` among everything
 * the bin holds (the scenario's expectations are order-independent: soketi sends channel_vacated
 * before member_removed, formats.md 2.1). Returns { ok: true, event, request } or
 * { ok: false, reason, closest } with the client's description of what came instead.
 */
export async function waitForEvent(baseUrl, bin, filter, timeoutMs) {
  const h = await handle(baseUrl, bin);
  try {
    const { request, ...event } = await h.waitForEvent(filter, { timeout: timeoutMs, after: 0 });
    return { ok: true, event, request };
  } catch (err) {
    if (err instanceof HookscopeWaitError) return { ok: false, reason: err.message, closest: err.nearMisses };
    return { ok: false, reason: String(err?.message ?? err) };
  }
}

/** bin.channels(): the channel state hookscope derived, by name. */
export async function hookscopeChannels(baseUrl, bin) {
  return (await handle(baseUrl, bin)).channels();
}

/** bin.channel(name): one channel with its anomalies and timeline. */
export async function hookscopeChannel(baseUrl, bin, name) {
  return (await handle(baseUrl, bin)).channel(name);
}

/**
 * bin.waitForChannel(name, { occupied, members, timeout }): { ok: true, channel } once the derived
 * state holds, or { ok: false, reason } with the client's description of the state it last saw.
 */
export async function waitForChannel(baseUrl, bin, name, want, timeoutMs) {
  const h = await handle(baseUrl, bin);
  try {
    return { ok: true, channel: await h.waitForChannel(name, { ...want, timeout: timeoutMs }) };
  } catch (err) {
    if (err instanceof HookscopeChannelWaitError) return { ok: false, reason: err.message.replace(/^.*?; last seen: /, 'last seen: '), channel: err.channel };
    return { ok: false, reason: String(err?.message ?? err) };
  }
}
