import { describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../metrics/registry.js';
import { StorageError } from '../store/index.js';
import { sqliteStorageError } from '../store/sqlite/sqlite-errors.js';
import { createStorageHealth } from './storage-health.js';

const sqliteError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('sqliteStorageError', () => {
  it('sorts SQLite codes into storage faults, and leaves everything else alone', () => {
    expect(sqliteStorageError(sqliteError('SQLITE_FULL', 'database or disk is full'))?.kind).toBe('full');
    expect(sqliteStorageError(sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'))?.kind).toBe('io');
    expect(sqliteStorageError(sqliteError('SQLITE_IOERR_FSYNC', 'disk I/O error'))?.engineCode).toBe('SQLITE_IOERR_FSYNC');
    expect(sqliteStorageError(sqliteError('SQLITE_READONLY_DBMOVED', 'attempt to write a readonly database'))?.kind).toBe('readonly');
    expect(sqliteStorageError(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'))?.kind).toBe('corrupt');
    expect(sqliteStorageError(sqliteError('SQLITE_CONSTRAINT_PRIMARYKEY', 'UNIQUE constraint failed'))).toBeNull();
    expect(sqliteStorageError(sqliteError('SQLITE_BUSY', 'database is locked'))).toBeNull();
    expect(sqliteStorageError(new Error('plain'))).toBeNull();
    expect(sqliteStorageError(null)).toBeNull();
    const own = new StorageError('full', 'X', 'y');
    expect(sqliteStorageError(own)).toBe(own);
  });
});

describe('storage health', () => {
  it('is degraded from a fault until a commit, counting every fault', () => {
    const metrics = createMetrics();
    const h = createStorageHealth({ classify: sqliteStorageError, metrics, now: () => 1000 });
    expect(metrics.render()).toMatch(/^hookscope_storage_errors_total\{kind="full"\} 0$/m);
    expect(h.observe(new Error('not storage'))).toBeNull();
    expect(h.state()).toEqual({ status: 'ok' });
    h.observe(sqliteError('SQLITE_FULL', 'database or disk is full'));
    h.observe(sqliteError('SQLITE_FULL', 'database or disk is full'));
    expect(h.state()).toMatchObject({ status: 'degraded', kind: 'full', since: 1000 });
    expect(h.state().status === 'degraded' && h.state()).toMatchObject({ reason: 'the disk or database is full (database or disk is full, SQLITE_FULL)' });
    expect(metrics.value('hookscope_storage_errors_total', { kind: 'full' })).toBe(2);
    h.committed();
    expect(h.state()).toEqual({ status: 'ok' });
    h.close();
  });

  it('runs recovery at once after a fault and again every retryMs while it fails', async () => {
    vi.useFakeTimers();
    try {
      let passes = 0;
      let room = false;
      const lines: string[] = [];
      const h = createStorageHealth({ classify: sqliteStorageError, now: () => 0, retryMs: 1000, recover: async () => (passes++, room), log: (l) => lines.push(l) });
      h.observe(sqliteError('SQLITE_FULL', 'full'));
      await vi.advanceTimersByTimeAsync(0);
      expect(passes).toBe(1);
      await vi.advanceTimersByTimeAsync(2500);
      expect(passes).toBe(3);
      expect(h.state().status).toBe('degraded');
      room = true;
      await vi.advanceTimersByTimeAsync(1000);
      expect(passes).toBe(4);
      expect(h.state().status).toBe('ok');
      await vi.advanceTimersByTimeAsync(5000);
      expect(passes).toBe(4); // no more passes once healthy
      expect(lines[0]).toMatch(/^hookscope: storage degraded: /);
      expect(lines[1]).toMatch(/^hookscope: storage recovered after \d+ s/);
      h.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
