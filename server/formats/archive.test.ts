import { describe, expect, it } from 'vitest';
import { headerList, targetPath } from './archive.js';
import { parseArchive } from './import-requests.js';

describe('targetPath', () => {
  it('moves a capture path to the target bin and keeps its sub-path byte for byte', () => {
    expect(targetPath('/h/src/hooks/a%2Fb', 'dst')).toBe('/h/dst/hooks/a%2Fb');
    expect(targetPath('/h/src', 'dst')).toBe('/h/dst');
    expect(targetPath('/webhooks/pusher', 'dst')).toBe('/h/dst/webhooks/pusher');
    expect(targetPath('/', 'dst')).toBe('/h/dst');
  });
});

describe('headerList', () => {
  it('drops HTTP/2 pseudo-headers and refuses what node could not send', () => {
    expect(headerList([[':authority', 'x'], ['X-A', '1'], ['x-a', '2']])).toEqual(['X-A', '1', 'x-a', '2']);
    expect(headerList([['bad name', 'x']])).toMatch(/not a valid header name/);
    expect(headerList([['X-A', 'a\r\nInjected: 1']])).toMatch(/line break/);
    expect(headerList([['X-A', 3]])).toMatch(/not a string/);
  });
});

describe('parseArchive', () => {
  it('tells HAR from NDJSON by content, a BOM and whitespace allowed', () => {
    const har = '\uFEFF  {"log":{"version":"1.2","entries":[]}}';
    expect(parseArchive(new TextEncoder().encode(har)).format).toBe('har');
    const line = JSON.stringify({ format: 'hookscope.request/1', method: 'GET', path: '/h/a', query: '', receivedAt: 1, rawHeaders: [], body: '', bodyEncoding: 'utf8' });
    expect(parseArchive(new TextEncoder().encode(line)).requests).toHaveLength(1); // one line is valid JSON too
    expect(parseArchive(new TextEncoder().encode(`${line}\n${line}\n`)).requests).toHaveLength(2);
    expect(() => parseArchive(new TextEncoder().encode('{"log":{}}'))).toThrow(/expected a HAR 1.2 file/);
    expect(() => parseArchive(new TextEncoder().encode('{"format":"other"}\n'))).toThrow(/hookscope NDJSON/);
  });

  it('skips a HAR entry with a body that is not the base64 it claims', () => {
    const entry = (postData: unknown) => ({ startedDateTime: '2024-01-01T00:00:00.000Z', request: { method: 'POST', url: 'http://x/', headers: [], postData } });
    const doc = { log: { entries: [entry({ mimeType: '', text: '@@@', encoding: 'base64' }), entry({ mimeType: '', text: 'AP8=', encoding: 'base64' })] } };
    const parsed = parseArchive(new TextEncoder().encode(JSON.stringify(doc)));
    expect(parsed.skipped).toEqual([{ entry: 0, reason: 'postData.text is not valid base64' }]);
    expect([...parsed.requests[0].body]).toEqual([0x00, 0xff]);
  });
});
