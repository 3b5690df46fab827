import { describe, expect, it } from 'vitest';
import { createOpenState, defaultJsonLines, type JsonLine, jsonLines, OPEN_DEPTH } from './json-lines.js';
import { hexRow, textRows } from './text-rows.js';

const text = (lines: JsonLine[]): string[] =>
  lines.map((l) => {
    const pad = '  '.repeat(l.depth);
    if (l.kind === 'close') return `${pad}${l.array ? ']' : '}'}`;
    const name = l.name === undefined ? '' : `${l.name}: `;
    if (l.kind === 'scalar') return `${pad}${name}${JSON.stringify(l.value)}`;
    return `${pad}${name}${l.array ? '[' : '{'}${l.kind === 'collapsed' ? ` ${l.size}…` : ''}`;
  });

describe('jsonLines', () => {
  it('lays a value out as the lines of a tree, open to OPEN_DEPTH by default', () => {
    const value = { a: 1, b: [true, null, { c: 's', d: { e: 1 } }], f: {} };
    expect(OPEN_DEPTH).toBe(3);
    expect(text(jsonLines(value, createOpenState().isOpen))).toEqual([
      '{', '  a: 1', '  b: [', '    true', '    null', '    {', '      c: "s"', '      d: { 1…', '    }', '  ]', '  f: {', '  }', '}',
    ]);
  });

  it('follows what the user opened and closed, by node identity', () => {
    const inner = { x: { y: 1 } };
    const value = { list: [inner] };
    const state = createOpenState();
    state.toggle(value.list, 1);
    expect(text(jsonLines(value, state.isOpen))).toEqual(['{', '  list: [ 1…', '}']);
    state.toggle(value.list, 1);
    state.toggle(inner.x, 3);
    expect(text(jsonLines(value, state.isOpen))).toEqual(['{', '  list: [', '    {', '      x: {', '        y: 1', '      }', '    }', '  ]', '}']);
  });

  it('starts closed when asked (an event as sent), scalars and empty containers alone', () => {
    expect(text(jsonLines({ a: 1 }, createOpenState(false).isOpen))).toEqual(['{ 1…']);
    expect(text(jsonLines('x', createOpenState().isOpen))).toEqual(['"x"']);
    expect(text(jsonLines([], createOpenState().isOpen))).toEqual(['[', ']']);
  });

  it('handles a 30,000-event batch and nesting deeper than the call stack', () => {
    const events = Array.from({ length: 30_000 }, (_, i) => ({ name: 'member_added', channel: `c-${i}`, user_id: String(i) }));
    const lines = defaultJsonLines({ time_ms: 1, events });
    expect(lines).toHaveLength(3 + 1 + 30_000 * 5 + 1);
    expect(defaultJsonLines({ time_ms: 1, events })).not.toBe(lines);
    const batch = { events };
    expect(defaultJsonLines(batch)).toBe(defaultJsonLines(batch));
    let deep: unknown = 0;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const all = jsonLines(deep, () => true);
    expect(all).toHaveLength(40_001);
    const leaf = all[20_000];
    expect([leaf.kind, leaf.depth, leaf.kind === 'scalar' && leaf.value]).toEqual(['scalar', 20_000, 0]);
  });
});

describe('textRows', () => {
  const rows = (s: string, columns: number): string[] => {
    const r = textRows(s, columns);
    return Array.from({ length: r.length / 2 }, (_, i) => s.slice(r[2 * i], r[2 * i + 1]));
  };

  it('splits at newlines, and long lines every `columns` characters', () => {
    expect(rows('ab\n\ncdefg\n', 2)).toEqual(['ab', '', 'cd', 'ef', 'g', '']);
    expect(rows('', 4)).toEqual(['']);
    expect(rows('x'.repeat(10_000), 160).length).toBe(63);
  });

  it('joined back, the rows are the text', () => {
    const s = Array.from({ length: 3000 }, (_, i) => 'y'.repeat(i % 400)).join('\n');
    const r = textRows(s, 160);
    let out = '';
    let end = 0;
    for (let i = 0; i < r.length; i += 2) {
      out += (r[i] > end ? '\n' : '') + s.slice(r[i], r[i + 1]);
      end = r[i + 1];
    }
    expect(out).toBe(s);
  });
});

describe('hexRow', () => {
  it('is offset, 16 bytes in two groups, and the printable characters', () => {
    const bytes = new TextEncoder().encode('{"time_ms":1,"ev\x00');
    expect(hexRow(bytes, 0)).toBe('00000000  7b 22 74 69 6d 65 5f 6d  73 22 3a 31 2c 22 65 76  {"time_ms":1,"ev');
    expect(hexRow(bytes, 16)).toBe(`00000010  00${' '.repeat(1 + 3 * 6 + 4 + 3 * 8)} .`);
  });
});
