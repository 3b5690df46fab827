import { describe, expect, it } from 'vitest';
import { MULTIPART_TEXT_LIMIT, parseMultipart } from './multipart-parse.js';

const enc = (s: string) => new TextEncoder().encode(s);
const body = (...lines: string[]) => enc(lines.join('\r\n'));

describe('parseMultipart', () => {
  it('lists parts with name, filename, type, size and text', () => {
    const r = parseMultipart(body('--b', 'Content-Disposition: form-data; name="f"; filename="a;b.txt"', 'Content-Type: text/plain', '', 'héllo', '--b--', ''), 'b');
    expect(r).toEqual({ ok: true, parts: [{ name: 'f', filename: 'a;b.txt', contentType: 'text/plain', size: 6, text: 'héllo' }] });
  });

  it('accepts a part without headers and content containing the boundary text mid-line', () => {
    const r = parseMultipart(body('--b', '', 'x --b y', '--b--'), 'b');
    expect(r).toEqual({ ok: true, parts: [{ name: null, filename: null, contentType: null, size: 7, text: 'x --b y' }] });
  });

  it('keeps binary or large parts without text', () => {
    const big = 'a'.repeat(MULTIPART_TEXT_LIMIT + 1);
    const r = parseMultipart(body('--b', 'Content-Disposition: form-data; name="big"', '', big, '--b', 'Content-Type: application/octet-stream', '', 'x', '--b--'), 'b');
    expect(r.ok && r.parts.map((p) => [p.size, p.text])).toEqual([[big.length, null], [1, null]]);
  });

  it('skips a preamble, including an empty one', () => {
    for (const pre of ['', 'preamble\r\n', '\r\n']) {
      const r = parseMultipart(enc(`${pre}--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--b--`), 'b');
      expect(r).toEqual({ ok: true, parts: [{ name: 'x', filename: null, contentType: null, size: 1, text: '1' }] });
    }
  });

  it('reports a missing boundary, a missing delimiter and unterminated headers', () => {
    expect(parseMultipart(enc('x'), null)).toEqual({ ok: false, reason: 'multipart without a boundary parameter' });
    expect(parseMultipart(enc('no delimiters here'), 'b')).toEqual({ ok: false, reason: 'multipart boundary not found' });
    expect(parseMultipart(body('--b', 'Content-Type: text/plain'), 'b')).toEqual({ ok: false, reason: 'multipart part headers not terminated' });
    expect(parseMultipart(enc('--b'), 'b')).toEqual({ ok: false, reason: 'multipart body truncated after a boundary' });
  });
});
