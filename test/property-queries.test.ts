// Properties of the query and cursor parsers: any query string gives a value or a 400 naming what is
// wrong, never a throw or a 500; cursors round-trip and order events the one way.
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestListQuery } from '../server/api/schemas.js';
import { parseWith } from '../server/api/validate.js';
import { HttpError } from '../server/errors.js';
import { AFTER_ALL, afterPosition, beforePosition, CURSOR_RE, type EventPosition, formatCursor, isAfter } from '../server/events/cursor.js';
import { eventListQuery, waitQuery } from '../server/events/query-schemas.js';
import { startHookscope, type HookscopeServer } from '../server/index.js';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const validCursor = fc.oneof(digits(1, 15), fc.tuple(digits(1, 15), digits(1, 6)).map(([a, b]) => `${a}:${b}`));
const cursorish = fc.oneof(validCursor, fc.string({ maxLength: 30 }), fc.constantFrom('', ':', '1:', ':1', '-1', '1e3', '0x10', '1:2:3', ' 1', '９'));
const position = fc.record({ requestId: fc.nat(1e6), index: fc.nat(50) });

const paramNames = ['name', 'channel', 'event', 'userId', 'before', 'after', 'limit', 'method', 'signature', 'q', 'timeout', 'junk'];
const queryRecord = fc.dictionary(fc.constantFrom(...paramNames), fc.oneof(cursorish, fc.string({ maxLength: 600 }), digits(1, 20)), { maxKeys: 6 });

describe('cursors (property)', () => {
  it('parse every valid cursor to whole numbers and format it back in its canonical form', () => {
    fc.assert(
      fc.property(validCursor, (c) => {
        expect(CURSOR_RE.test(c)).toBe(true);
        const [id, index] = c.split(':');
        const after = afterPosition(c);
        const before = beforePosition(c);
        for (const p of [after, before]) {
          expect(Number.isSafeInteger(p.requestId)).toBe(true);
          expect(Number.isSafeInteger(p.index)).toBe(true);
        }
        expect(formatCursor(after)).toBe(index === undefined ? String(Number(id)) : `${Number(id)}:${Number(index)}`);
        expect(afterPosition(formatCursor(after))).toEqual(after);
      }),
    );
  });

  it('order events one way: exactly one of a after b, b after a, or the same position', () => {
    fc.assert(
      fc.property(position, position, (a: EventPosition, b: EventPosition) => {
        const same = a.requestId === b.requestId && a.index === b.index;
        expect([isAfter(a.requestId, a.index, b), isAfter(b.requestId, b.index, a), same].filter(Boolean)).toHaveLength(1);
      }),
    );
  });

  it('read a bare request id as a request boundary', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(AFTER_ALL - 1), (id, index) => {
        expect(isAfter(id, index, afterPosition(String(id)))).toBe(false);
        expect(isAfter(id + 1, 0, afterPosition(String(id)))).toBe(true);
        expect(isAfter(id, index, beforePosition(String(id + 1)))).toBe(false);
      }),
    );
  });
});

describe('query schemas (property)', () => {
  function valueOr400<T>(schema: z.ZodType<T>): void {
    fc.assert(
      fc.property(queryRecord, (q) => {
        try {
          parseWith(schema, q, 'invalid_query');
        } catch (err) {
          expect(err).toBeInstanceOf(HttpError);
          expect((err as HttpError).status).toBe(400);
        }
      }),
      { numRuns: 500 },
    );
  }

  it('give a value or a 400 for any query, never another error', () => {
    valueOr400(eventListQuery);
    valueOr400(waitQuery);
    valueOr400(requestListQuery);
  });
});

describe('query strings over HTTP (property)', () => {
  let s: HookscopeServer;
  beforeAll(async () => {
    s = await startHookscope({ port: 0, db: ':memory:', quiet: true });
    const body = JSON.stringify({ events: [{ name: 'member_added', channel: 'presence-a', user_id: '1' }] });
    for (let i = 0; i < 5; i++) await fetch(`${s.url}/h/props`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  });
  afterAll(() => s.close());

  it('answer 200, 400 or 408 with the error shape, never 500', async () => {
    const path = fc.constantFrom('/api/bins/props/events', '/api/bins/props/requests', '/api/bins/props/wait');
    await fc.assert(
      fc.asyncProperty(path, queryRecord, async (p, q) => {
        const params = new URLSearchParams(q);
        if (p.endsWith('/wait')) params.set('timeout', '0');
        const res = await fetch(`${s.url}${p}?${params}`);
        const body = (await res.json()) as { error?: { code: string; message: string } };
        expect([200, 400, 408]).toContain(res.status);
        if (res.status !== 200) expect(typeof body.error?.code).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
