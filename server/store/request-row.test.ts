import { describe, expect, it } from 'vitest';
import type { ResponseRecord, SignatureVerdict } from '../../core/wire.js';
import { responseJson, signatureJson } from './request-row.js';

describe('stored JSON columns', () => {
  it('signatureJson is JSON.stringify for every verdict shape', () => {
    const verdicts: SignatureVerdict[] = [
      { scheme: null, status: 'unsigned' },
      { scheme: null, status: 'unsigned', warnings: ['w'] },
      { scheme: 'pusher', status: 'valid', key: 'k' },
      { scheme: 'pusher', status: 'invalid', reason: 'mismatch', expected: 'a', received: 'b', message: 'm' },
    ] as SignatureVerdict[];
    for (const v of verdicts) expect(signatureJson(v)).toBe(JSON.stringify(v));
  });

  it('responseJson is JSON.stringify for every record shape', () => {
    const records: (ResponseRecord | null)[] = [
      null, { status: 200 }, { status: 503 }, { status: 500, step: 0 }, { status: 200, dropped: true }, { status: 200, delayMs: 50 },
    ];
    for (const r of records) expect(responseJson(r)).toBe(r === null ? null : JSON.stringify(r));
  });
});
