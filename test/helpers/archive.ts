// A bin filled with requests that stress export and import: a signed Pusher batch with duplicate
// headers in mixed case, its retry, a non-UTF-8 body, a GET without body, a body over --max-body.
import type { RequestDetail, RequestSummary } from '../../core/wire.js';
import type { HookscopeServer } from '../../server/index.js';
import { fixture, sendableHeaders } from './fixtures.js';
import { json, post, send } from './http.js';

export const member = fixture('pusher', 'member_added');
export const KEY = member.credentials.app_key ?? '';
export const SECRET = member.credentials.secret ?? '';
export const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41, 0x0a, 0xc3]);

/** Creates `bin` with the fixture's secret, a 503 for the first delivery, and captures five requests. */
export async function fillBin(s: HookscopeServer, bin: string): Promise<number[]> {
  await post(`${s.url}/api/bins`, { name: bin, pusher: [{ key: KEY, secret: SECRET }], response: { script: [{ status: 503 }] } });
  const ids: number[] = [];
  const capture = async (path: string, init: Parameters<typeof send>[1]) => {
    const r = await send(`${s.url}/h/${bin}${path}`, init);
    ids.push(Number(r.headers['x-hookscope-request-id']));
  };
  const signed = { headers: [...sendableHeaders(member), ['X-Trace', 'a'], ['x-trace', 'b']] as [string, string][], body: member.request.body };
  await capture('/pusher?x=1&y=%20z', signed); // answered 503
  await capture('/pusher?x=1&y=%20z', signed); // the sender's retry: attempt 2
  await capture('/binary', { headers: [['Content-Type', 'application/octet-stream']], body: BINARY });
  await capture('/ping?probe', { method: 'GET', headers: [['Accept', '*/*']] });
  await capture('/big', { headers: [['Content-Type', 'text/plain']], body: 'x'.repeat(5000) }); // over --max-body: truncated
  return ids;
}

export const detail = async (s: HookscopeServer, bin: string, id: number) => (await json<RequestDetail & { forwarded: unknown }>(`${s.url}/api/bins/${bin}/requests/${id}`)).body;
export const raw = async (s: HookscopeServer, bin: string, id: number) => Buffer.from(await (await fetch(`${s.url}/api/bins/${bin}/requests/${id}/raw`)).arrayBuffer());
export const list = async (s: HookscopeServer, bin: string) =>
  (await json<{ requests: RequestSummary[] }>(`${s.url}/api/bins/${bin}/requests?limit=1000`)).body.requests.reverse();

/** The parts of a request an import must restore, with the path's bin segment left out. */
export async function restorable(s: HookscopeServer, bin: string, id: number) {
  const d = await detail(s, bin, id);
  return {
    method: d.method,
    subPath: d.path.replace(`/h/${bin}`, ''),
    query: d.query,
    rawHeaders: d.rawHeaders,
    body: (await raw(s, bin, id)).toString('hex'),
    receivedAt: d.receivedAt,
    size: d.size,
    truncated: d.truncated,
    remoteAddress: d.remoteAddress,
    response: d.response,
    attempt: d.attempt,
    eventNames: d.eventNames,
  };
}

export function importFile(s: HookscopeServer, bin: string, body: string, contentType = 'application/octet-stream') {
  return json<Record<string, unknown>>(`${s.url}/api/bins/${bin}/import`, { method: 'POST', headers: { 'content-type': contentType }, body });
}
