// Response settings are checked when they are set (RFC 9110 field names and values), and what a
// capture is answered is what its row records, even for settings stored before that check existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail } from '../core/wire.js';
import { updateBin } from '../server/bin-service.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { exchange } from './hostile-helpers.js';
import { json, patch, post, send } from './helpers/http.js';

let s: HookscopeServer;
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true });
});
afterAll(() => s.close());

type Bin = { response: unknown };
const bin = async (id: string) => (await json<Bin>(`${s.url}/api/bins/${id}`)).body;
const detail = async (id: string, rid: number) => (await json<RequestDetail>(`${s.url}/api/bins/${id}/requests/${rid}`)).body;
type ErrorBody = { error: { code: string; message: string } };

describe('response settings are checked when set', () => {
  const bad: [string, unknown, string][] = [
    ['a header value with CR/LF', { headers: { 'X-A': 'v\r\nSet-Cookie: x=1' } }, 'response.headers.X-A'],
    ['a header value with a bare LF', { headers: { 'X-A': 'v\nx' } }, 'response.headers.X-A'],
    ['a header value with NUL', { headers: { 'X-A': 'v\u0000' } }, 'response.headers.X-A'],
    ['a header value with a character above 0xFF', { headers: { 'X-A': 'snow \u2603' } }, 'response.headers.X-A'],
    ['a header name that is not a token', { headers: { 'X A': 'v' } }, 'response.headers.X A'],
    ['a header name with a colon', { headers: { 'X-A:': 'v' } }, 'response.headers.X-A:'],
    ['a contentType with CR/LF', { contentType: 'text/plain\r\nX-Evil: 1' }, 'response.contentType'],
    ['a script step header with CR', { script: [{ status: 500, headers: { 'Retry-After': '1\r' } }] }, 'response.script.0.headers.Retry-After'],
    ['a script step contentType with LF', { script: [{ contentType: 'a\nb' }] }, 'response.script.0.contentType'],
  ];

  it.each(bad)('refuses %s with 400 naming the field, and changes nothing', async (_what, response, field) => {
    await post(`${s.url}/api/bins`, { name: 'checked', response: { status: 202, headers: { 'X-Ok': 'yes' } } });
    const before = await bin('checked');
    const res = await patch(`${s.url}/api/bins/checked`, { response });
    expect(res.status).toBe(400);
    const err = (res.body as ErrorBody).error;
    expect(err.code).toBe('invalid_body');
    expect(err.message.startsWith(field + ': ')).toBe(true);
    expect(await bin('checked')).toEqual(before);
    const created = await post(`${s.url}/api/bins`, { name: 'never-made', response });
    expect(created.status).toBe(400);
    expect((await json(`${s.url}/api/bins/never-made`)).status).toBe(404);
    // The bin still answers as before, and records it.
    const r = await send(`${s.url}/h/checked`, { body: 'x' });
    expect(r.status).toBe(202);
    expect(r.headers['x-ok']).toBe('yes');
    expect((await detail('checked', Number(r.headers['x-hookscope-request-id']))).response).toEqual({ status: 202 });
  });

  it('accepts what RFC 9110 allows: tabs, spaces, visible ASCII and obs-text', async () => {
    const headers = { 'X-Tab': 'a\tb c', "X-Tok!#$%&'*+.^_`|~": 'v', 'X-Latin': 'caf\u00e9' };
    const res = await patch(`${s.url}/api/bins/checked`, { response: { headers, contentType: 'text/plain; charset=latin1' } });
    expect(res.status).toBe(200);
    const r = await send(`${s.url}/h/checked`, { body: 'x' });
    expect(r.status).toBe(200);
    expect(r.headers['x-tab']).toBe('a\tb c');
    expect(r.headers['x-latin']).toBeDefined();
  });
});

describe('what a capture records is what it was sent', () => {
  it('answers settings stored before the check with a 500 it records, with its own status line', async () => {
    await post(`${s.url}/api/bins`, { name: 'legacy' });
    // As if an older hookscope had stored it: straight into the bin, past the API's check.
    const record = s.context.store.bins.get('legacy');
    if (!record) throw new Error('no bin');
    await updateBin(s.context, record, { response: { status: 200, headers: { 'X-A': 'v\r\nSet-Cookie: x=1' } } });
    const raw = await exchange(s.port, 'POST /h/legacy HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx');
    expect(raw.text.startsWith('HTTP/1.1 500 Internal Server Error\r\n')).toBe(true);
    expect(raw.text).not.toMatch(/set-cookie/i);
    const body = JSON.parse(raw.text.slice(raw.text.indexOf('\r\n\r\n') + 4)) as ErrorBody;
    expect(body.error.code).toBe('invalid_response_settings');
    const id = Number(/x-hookscope-request-id: (\d+)/i.exec(raw.text)?.[1]);
    expect((await detail('legacy', id)).response).toEqual({ status: 500 });
  });
});
