// The client runs in browsers and Node 18+: no node:* modules, no Node globals, and at run time it
// imports nothing outside sdk/ (wire and send types from core/ are type-only, erased from the built JS).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('./', import.meta.url));
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const importRe = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;

describe('sdk boundary', () => {
  it('has sources to check', () => {
    expect(sources).toContain('index.ts');
  });

  it.each(sources)('%s imports only sdk/ at run time, core/ only as types, never node:*', (file) => {
    const text = readFileSync(dir + file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const [, , typeOnly, spec] = m;
      expect(spec, `${file} imports ${spec}`).not.toMatch(/^node:|^[a-z@]/);
      if (!typeOnly) expect(spec, `${file}: runtime import ${spec}`).toMatch(/^\.\/[a-z-]+\.js$/);
      else expect(spec, `${file}: type import ${spec}`).toMatch(/^(\.\/[a-z-]+|\.\.\/core\/(wire|send))\.js$/);
    }
    expect(text, `${file} uses a Node global`).not.toMatch(/\b(process|Buffer|require|__dirname)\b[.(]/);
  });
});
