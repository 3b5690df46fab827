import { describe, expect, it } from 'vitest';
import { answerHeaders } from './answer.js';
import { planResponse } from './plan.js';

describe('answerHeaders', () => {
  const ids = { id: 42, bin: 'b1' };
  const body = JSON.stringify({ ok: true, id: 42, bin: 'b1' });

  it('gives the default answer: JSON, CORS, the request id (base order kept) and a true length', () => {
    const out = answerHeaders(planResponse(null, null), ids, { 'X-Hookscope-Request-Id': '42', Connection: 'close' });
    expect(out.body).toBe(body);
    // A bin name that needs JSON escaping still gives JSON.stringify's text.
    const odd = { id: 7, bin: 'we"ird\\bin' };
    expect(answerHeaders(planResponse(null, null), odd, {}).body).toBe(JSON.stringify({ ok: true, id: 7, bin: odd.bin }));
    expect(out.headers).toEqual([
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Access-Control-Allow-Origin', '*'],
      ['X-Hookscope-Request-Id', '42'],
      ['Connection', 'close'],
      ['Content-Length', String(Buffer.byteLength(body))],
    ]);
  });

  it('adds the request id when base lacks it, and never lets base lie about it', () => {
    expect(answerHeaders(planResponse(null, null), ids, {}).headers.map(([n]) => n))
      .toEqual(['Content-Type', 'Access-Control-Allow-Origin', 'X-Hookscope-Request-Id', 'Content-Length']);
    const lying = answerHeaders(planResponse(null, null), ids, { 'x-hookscope-request-id': '1' }).headers;
    expect(lying).toContainEqual(['x-hookscope-request-id', '42']);
  });

  it('lets a base header named like one of ours replace it (case-insensitively), length stays true', () => {
    const out = answerHeaders(planResponse(null, null), ids, { 'content-type': 'text/x-test', 'Content-Length': '1' });
    expect(out.headers).toContainEqual(['content-type', 'text/x-test']);
    expect(out.headers.filter(([n]) => n.toLowerCase() === 'content-type')).toHaveLength(1);
    expect(out.headers).toContainEqual(['Content-Length', String(Buffer.byteLength(body))]);
  });

  it('takes custom headers and body from the settings, and drops body headers for 204', () => {
    const custom = answerHeaders(planResponse({ headers: { 'X-A': '1' }, body: 'hi' }, null), ids, {});
    expect(custom.body).toBe('hi');
    expect(custom.headers).toContainEqual(['Content-Type', 'text/plain; charset=utf-8']);
    expect(custom.headers).toContainEqual(['X-A', '1']);
    const empty = answerHeaders(planResponse({ status: 204 }, null), ids, {});
    expect(empty.body).toBe('');
    expect(empty.headers.map(([n]) => n.toLowerCase())).not.toContain('content-length');
  });
});
