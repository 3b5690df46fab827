// The harness's only contact with hookscope's HTTP API (product.md "Interface contract").
// Kept to two functions so the harness can move to the typed client (`hookscope/client`:
// hs.createBin, bin.waitForEvent) by changing this file alone.

/** POST /api/bins -> { id, url, ... }. */
export async function createBin(baseUrl, body) {
  const res = await fetch(`${baseUrl}/api/bins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const json = await res.json().catch(() => null);
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /api/bins -> ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** GET /api/bins/:bin/events -> the events array (newest first), each with its `request` summary. */
export async function listEvents(baseUrl, bin, filter = {}) {
  const res = await fetch(`${baseUrl}/api/bins/${encodeURIComponent(bin)}/events?${query({ limit: 500, ...filter })}`, {
    signal: AbortSignal.timeout(5000),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`GET /events -> ${res.status} ${JSON.stringify(json)}`);
  return json.events;
}

let waitRoute = 'unknown'; // 'wait' once /wait answered, 'poll' when the route is missing (404)

/** Which mechanism waitForEvent used: 'wait' (long-poll API), 'poll' (GET /events fallback). */
export function waitMechanism() {
  return waitRoute;
}

/**
 * Wait for the first event matching `filter` ({ name, channel, event, userId, after }).
 * Returns { ok: true, event, request } or { ok: false, reason, closest? }. Uses the long-poll
 * `GET /api/bins/:bin/wait` and falls back to bounded polling of `GET /events` if that route 404s.
 */
export async function waitForEvent(baseUrl, bin, filter, timeoutMs) {
  if (waitRoute !== 'poll') {
    const res = await fetch(`${baseUrl}/api/bins/${encodeURIComponent(bin)}/wait?${query({ after: 0, ...filter, timeout: timeoutMs })}`, {
      signal: AbortSignal.timeout(timeoutMs + 5000),
    });
    const json = await res.json().catch(() => null);
    if (res.status === 200) {
      waitRoute = 'wait';
      return { ok: true, event: json.event, request: json.request };
    }
    if (res.status === 408) return { ok: false, reason: `no match within ${timeoutMs} ms`, closest: json };
    if (res.status !== 404 || waitRoute === 'wait') return { ok: false, reason: `GET /wait -> ${res.status} ${JSON.stringify(json)}` };
    waitRoute = 'poll';
  }
  return pollEvents(baseUrl, bin, filter, timeoutMs);
}

async function pollEvents(baseUrl, bin, filter, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await listEvents(baseUrl, bin, { after: 0, ...filter });
    const first = events.at(-1); // newest first: the oldest match is last
    if (first) {
      const { request, ...event } = first;
      return { ok: true, event, request };
    }
    if (Date.now() >= deadline) return { ok: false, reason: `no match within ${timeoutMs} ms (polled /events)` };
    await new Promise((r) => setTimeout(r, 100));
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  return q.toString();
}
