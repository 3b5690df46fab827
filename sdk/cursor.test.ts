import { describe, expect, it } from 'vitest';
import { createCursor, formatPosition, parsePosition } from './cursor.js';

describe('wait cursor', () => {
  it('moves forward only, by request then by event index', () => {
    const c = createCursor({ requestId: 0 });
    c.advance({ requestId: 5, index: 1 });
    c.advance({ requestId: 3, index: 9 });
    expect(formatPosition(c.get())).toBe('5:1');
    c.advance({ requestId: 5, index: 0 });
    expect(formatPosition(c.get())).toBe('5:1');
    c.advance({ requestId: 5 });
    expect(formatPosition(c.get())).toBe('5');
    c.advance({ requestId: 5, index: 3 });
    expect(formatPosition(c.get())).toBe('5');
    c.reset({ requestId: 0 });
    expect(formatPosition(c.get())).toBe('0');
  });

  it('parses the forms of `after`', () => {
    expect(parsePosition(0)).toEqual({ requestId: 0 });
    expect(parsePosition('12:3')).toEqual({ requestId: 12, index: 3 });
    expect(parsePosition('12')).toEqual({ requestId: 12 });
    expect(() => parsePosition('soon')).toThrow(/after must be/);
  });
});
