// One hookscope per SQLite file: a second one refuses to start (exit 1, one line naming the file and
// the holder's pid and URL); the OS drops the lock with the process, so after a kill -9 a new one starts.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHookscope } from '../server/index.js';
import { StoreOpenError } from '../server/store/index.js';
import { runToExit, startChild, waitExit } from './helpers/child.js';
import { json, send } from './helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'hookscope-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one process per database file', () => {
  it('refuses a second process, names the first, and starts again after a kill -9 of the first', async () => {
    const db = join(dir, 'shared.db');
    const first = await startChild(['--port', '0', '--db', db]);
    try {
      const stored = await send(`${first.url}/h/kept`, { body: 'before the crash' });
      expect(stored.status).toBe(200);

      const second = await runToExit(['--port', '0', '--db', db]);
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(
        `hookscope: --db ${db}: in use by hookscope pid ${first.proc.pid} at ${first.url} (one process per database file); ` +
          'stop that one, or start this one with another --db\n',
      );
      // Another name for the same file takes the same lock.
      const link = join(dir, 'alias.db');
      symlinkSync(db, link);
      const third = await runToExit(['--port', '0', '--db', link]);
      expect(third.code).toBe(1);
      expect(third.stderr).toContain(`in use by hookscope pid ${first.proc.pid}`);
      // The refusals did not disturb the first one.
      expect((await send(`${first.url}/h/kept`, { body: 'still here' })).status).toBe(200);
    } finally {
      first.proc.kill('SIGKILL');
      await waitExit(first.proc);
    }

    const after = await startChild(['--port', '0', '--db', db]);
    try {
      const list = await json<{ requests: { id: number }[] }>(`${after.url}/api/bins/kept/requests`);
      expect(list.body.requests).toHaveLength(2);
    } finally {
      after.proc.kill('SIGTERM');
      await waitExit(after.proc);
    }
  }, 60_000);

  it('refuses a second startHookscope in the same process, and frees the file on close', async () => {
    const db = join(dir, 'embedded.db');
    const a = await startHookscope({ port: 0, db, quiet: true });
    let refused: unknown;
    try {
      await startHookscope({ port: 0, db, quiet: true });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StoreOpenError);
    expect((refused as Error).message).toBe(
      `--db ${db}: in use by another hookscope at ${a.url} (one process per database file); stop that one, or start this one with another --db`,
    );
    await a.close();
    const b = await startHookscope({ port: 0, db, quiet: true });
    await b.close();
  });

  it('leaves :memory: databases unlocked', async () => {
    const a = await startHookscope({ port: 0, db: ':memory:', quiet: true });
    const b = await startHookscope({ port: 0, db: ':memory:', quiet: true });
    await Promise.all([a.close(), b.close()]);
  });
});
