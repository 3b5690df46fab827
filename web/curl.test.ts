import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCurl, printfFormat, shellQuote } from './curl.js';

/** What /bin/sh makes of a quoted word: the test runs the real shell. */
const shellWord = (quoted: string): string => execFileSync('/bin/sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });

describe('copy as curl', () => {
  it('single-quotes anything so the shell expands nothing', () => {
    for (const value of [`it's`, '$HOME `id` $(id) \\n "x"', "''", 'a\nb\tc', '!event']) {
      expect(shellWord(shellQuote(value))).toBe(value);
    }
  });

  it('printf with octal escapes reproduces any bytes, NUL and high bytes included', () => {
    const bytes = new Uint8Array([0, 1, 0x25, 0x5c, 0x27, 0x41, 0x0a, 0xff, 0x80, 0x7f]);
    const out = execFileSync('/bin/sh', ['-c', `printf ${shellQuote(printfFormat(bytes))}`]);
    expect([...out]).toEqual([...bytes]);
  });

  it('sends text bodies inline and binary bodies through printf | --data-binary @-', () => {
    const headers = ['Host', 'x', 'Content-Type', 'application/json', 'X-Pusher-Key', "k'ey", 'Content-Length', '2', 'X-Dup', '1', 'X-Dup', '2'];
    const text = buildCurl({ method: 'POST', url: 'http://h/h/b?x=1&y=2', rawHeaders: headers, body: new TextEncoder().encode('{"a":"it\'s"}') });
    expect(text).toBe(
      `curl -X 'POST' 'http://h/h/b?x=1&y=2' -H 'Content-Type: application/json' -H 'X-Pusher-Key: k'\\''ey' -H 'X-Dup: 1' -H 'X-Dup: 2' --data-binary '{"a":"it'\\''s"}'`,
    );
    const binary = buildCurl({ method: 'PUT', url: 'http://h/h/b', rawHeaders: [], body: new Uint8Array([0, 255]) });
    expect(binary).toBe(`printf '\\000\\377' | curl -X 'PUT' 'http://h/h/b' --data-binary @-`);
    expect(buildCurl({ method: 'GET', url: 'http://h/h/b', rawHeaders: [], body: new Uint8Array() })).toBe(`curl -X 'GET' 'http://h/h/b'`);
  });
});
