// Properties of the isomorphic decoders (core/decode): any body gives a result, never a throw and never
// a decoder's own error (decodeBody reports a decoder that threw as "decoder error: ..."), the same body
// gives the same result every time, and the decoded events are what the index and the matcher take.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBody, decodeBodyAsync, matchEvent } from '../core/decode/index.js';
import { bodyCase } from './property-arbitraries.js';

const runs = { numRuns: 600 };

describe('decoders (property)', () => {
  it('decode any body without throwing and without a decoder failing on its own', () => {
    fc.assert(
      fc.property(bodyCase, (c) => {
        const r = decodeBody(c);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.reason).not.toMatch(/^decoder error/);
        else for (const e of r.events) expect(typeof e.name).toBe('string');
        expect(r.view.kind).toMatch(/^(events|json|form|multipart|text|binary)$/);
      }),
      runs,
    );
  });

  it('are deterministic: the same bytes decode to the same result', () => {
    fc.assert(
      fc.property(bodyCase, (c) => {
        const copy = { ...c, body: c.body.slice() };
        expect(JSON.stringify(decodeBody(copy))).toBe(JSON.stringify(decodeBody(c)));
      }),
      runs,
    );
  });

  it('leave the bytes they are given untouched', () => {
    fc.assert(
      fc.property(bodyCase, (c) => {
        const before = c.body.slice();
        decodeBody(c);
        expect(c.body).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('decode compressed (or claimed compressed) bodies without rejecting', async () => {
    await fc.assert(
      fc.asyncProperty(bodyCase, async (c) => {
        const r = await decodeBodyAsync({ ...c, contentEncoding: c.contentEncoding ?? 'gzip' });
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.reason).not.toMatch(/^decoder error/);
      }),
      { numRuns: 200 },
    );
  });

  it('match every decoded event against any filter without throwing; an empty filter matches all', () => {
    const filter = fc.record({ name: fc.string(), channel: fc.string(), event: fc.string(), userId: fc.string() }, { requiredKeys: [] });
    fc.assert(
      fc.property(bodyCase, filter, (c, f) => {
        const r = decodeBody(c);
        if (!r.ok) return;
        for (const e of r.events) {
          expect(typeof matchEvent(e, f)).toBe('boolean');
          expect(matchEvent(e, {})).toBe(true);
          expect(matchEvent(e, { name: e.name })).toBe(true);
        }
      }),
      runs,
    );
  });
});
