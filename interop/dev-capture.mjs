// DEVELOPMENT ONLY: a tiny stand-in for hookscope, used to build the harness before hookscope's
// events/wait API existed (`node interop/run.mjs --stand-in`). It implements just the slice of the
// product.md contract the harness calls: POST /api/bins, ANY /h/:bin, GET /api/bins/:bin/events,
// GET /api/bins/:bin/wait. Pusher signature = hex HMAC-SHA256 of the raw body (formats.md 1.2).
// The real run (`npm run test:interop`) never uses this file.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

export function startDevCapture({ port = 0, log = false } = {}) {
  const bins = new Map(); // id -> { pusher: [{key, secret}], requests: [] }
  let nextId = 1;
  const waiters = new Set();

  function bin(id) {
    if (!bins.has(id)) bins.set(id, { pusher: [], requests: [] });
    return bins.get(id);
  }

  function capture(binId, req, body) {
    const b = bin(binId);
    const headers = req.headers;
    const signature = verify(b.pusher, headers['x-pusher-key'], headers['x-pusher-signature'], body);
    const summary = { id: nextId++, bin: binId, method: req.method, path: req.url, receivedAt: Date.now(), signature, rawHeaders: req.rawHeaders };
    let events = [];
    try {
      const json = JSON.parse(body.toString('utf8'));
      if (Array.isArray(json.events)) events = json.events.map((e, index) => toEvent(e, index, summary.id, json.time_ms));
    } catch {
      // not JSON: no events
    }
    summary.eventNames = events.map((e) => e.name);
    b.requests.push({ summary, events, body: body.toString('utf8') });
    if (log) process.stdout.write(`[dev-capture] ${binId} #${summary.id} ${signature.status} ${body.toString('utf8')}\n`);
    for (const w of waiters) w();
    return summary;
  }

  function matchingEvents(binId, q) {
    const out = [];
    for (const r of bin(binId).requests) {
      if (q.after !== undefined && r.summary.id <= Number(q.after)) continue;
      for (const e of r.events) if (matches(e, q)) out.push({ ...e, request: r.summary });
    }
    return out;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const send = (status, obj) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    let m;
    if ((m = url.pathname.match(/^\/h\/([^/]+)/))) return send(200, { ok: true, id: capture(m[1], req, body).id });
    if (req.method === 'POST' && url.pathname === '/api/bins') {
      const input = JSON.parse(body.toString('utf8') || '{}');
      const id = input.name ?? `bin${bins.size + 1}`;
      bin(id).pusher = input.pusher ?? [];
      return send(201, { id, url: `${baseUrl()}/h/${id}` });
    }
    const q = Object.fromEntries(url.searchParams);
    if ((m = url.pathname.match(/^\/api\/bins\/([^/]+)\/events$/))) return send(200, { events: matchingEvents(m[1], q).reverse() });
    if ((m = url.pathname.match(/^\/api\/bins\/([^/]+)\/wait$/))) {
      const binId = m[1];
      const timeout = Number(q.timeout ?? 30000);
      const found = await new Promise((resolve) => {
        const check = () => {
          const hit = matchingEvents(binId, q)[0];
          if (hit) done(hit);
        };
        const timer = setTimeout(() => done(null), timeout);
        function done(v) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(v);
        }
        waiters.add(check);
        check();
      });
      if (!found) return send(408, { error: { code: 'timeout', message: 'no matching event' } });
      const { request, ...event } = found;
      return send(200, { event, request });
    }
    send(404, { error: { code: 'not_found', message: url.pathname } });
  });

  const baseUrl = () => `http://127.0.0.1:${server.address().port}`;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({ url: baseUrl(), bins, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

function toEvent(e, index, requestId, time) {
  return { requestId, index, name: e.name, channel: e.channel, event: e.event, userId: e.user_id, socketId: e.socket_id, data: e.data, time, raw: e };
}

function matches(e, q) {
  return (!q.name || e.name === q.name) && (!q.channel || e.channel === q.channel) && (!q.event || e.event === q.event) && (!q.userId || e.userId === q.userId);
}

function verify(pusher, key, sig, body) {
  if (!sig) return { scheme: 'pusher', status: 'unsigned' };
  const cred = pusher.find((p) => p.key === key);
  if (!cred) return { scheme: 'pusher', status: 'no_secret', key };
  const expected = createHmac('sha256', cred.secret).update(body).digest('hex');
  const ok = sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
  return { scheme: 'pusher', status: ok ? 'valid' : 'invalid', key, expected, received: sig };
}

// `node interop/dev-capture.mjs [port]` runs it standalone with the same ready line as hookscope's CLI.
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 0);
  startDevCapture({ port, log: true }).then((s) => process.stdout.write(`hookscope listening on ${s.url}\n`));
}
