import { describe, expect, it } from 'vitest';
import { StorageError } from '../storage-error.js';
import { pgStorageError } from './pg-errors.js';

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('pgStorageError', () => {
  it('sorts SQLSTATE codes into storage faults, and leaves everything else alone', () => {
    expect(pgStorageError(pgError('53100', 'could not extend file: No space left on device'))).toMatchObject({ kind: 'full', engineCode: 'SQLSTATE 53100' });
    expect(pgStorageError(pgError('58030', 'could not write block'))?.kind).toBe('io');
    expect(pgStorageError(pgError('25006', 'cannot execute INSERT in a read-only transaction'))?.kind).toBe('readonly');
    expect(pgStorageError(pgError('XX001', 'invalid page in block'))?.kind).toBe('corrupt');
    expect(pgStorageError(pgError('23505', 'duplicate key value'))).toBeNull();
    expect(pgStorageError(pgError('57P01', 'terminating connection'))).toBeNull();
    expect(pgStorageError(new Error('plain'))).toBeNull();
    const own = new StorageError('full', 'x', 'y');
    expect(pgStorageError(own)).toBe(own);
  });
});
