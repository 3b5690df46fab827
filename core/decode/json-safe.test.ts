import { describe, expect, it } from 'vitest';
import { dataField } from './event-fields.js';
import { mayBeJson } from './json-safe.js';

const valid = ['{}', ' [1, 2] ', '"a"', '""', '-1', '0', '3.5e10', 'true', 'false', 'null', '\n{"a":{"b":[null]}}\t', '"x\\"y"'];
const plain = ['', '   ', 'hello', 'xxxx', 'tomato', 'nul', '{"a":1', '[1,2', '"open', '-', '12px', 'True', 'a plain string', '"'];

describe('mayBeJson', () => {
  it('never rejects a JSON text, and rejects plain strings without parsing them', () => {
    for (const t of valid) expect(mayBeJson(t), t).toBe(true);
    for (const t of plain) expect(mayBeJson(t), t).toBe(false);
  });

  it('leaves dataField as it was: a string that parses is parsed, any other is kept as sent', () => {
    const old = (v: string): unknown => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
    };
    const samples = [...valid, ...plain, '{"a":1}x', 'x{"a":1}', '1 2', '[1] [2]', '"a" "b"'];
    for (const s of samples) expect(dataField(s), s).toEqual(old(s));
  });
});
