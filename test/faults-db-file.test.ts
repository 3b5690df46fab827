// Files hookscope cannot use stop it at start with exit code 1 and one line naming the path, what is
// wrong and what to do: never a stack trace. Run through the CLI, as a user meets them. Permission
// cases run as `nobody` when the tests run as root (root reads and writes through file modes).
import { chmodSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookscope } from '../server/index.js';
import { type Exited, runToExit } from './helpers/child.js';

const root = process.getuid?.() === 0;
const NOBODY = 65534;
const asUser = root ? { uid: NOBODY, gid: NOBODY } : {};
const dir = mkdtempSync(join(tmpdir(), 'hookscope-badfile-'));
let roMount: string | null = null;

/** A real hookscope database with a few hundred requests, closed. */
async function realDb(path: string): Promise<void> {
  const s = await startHookscope({ port: 0, db: path, quiet: true });
  for (let i = 0; i < 300; i++) await fetch(`${s.url}/h/bin-${i % 3}`, { method: 'POST', body: JSON.stringify({ i, pad: 'x'.repeat(400) }) });
  await s.close();
}

beforeAll(async () => {
  chmodSync(dir, 0o777);
  await realDb(join(dir, 'real.db'));
}, 30_000);

afterAll(() => {
  if (roMount) execFileSync('umount', [roMount]);
  rmSync(dir, { recursive: true, force: true });
});

function expectRefusal(out: Exited, path: string, problem: RegExp): void {
  expect(out.code, out.stdout + out.stderr).toBe(1);
  expect(out.stdout).toBe('');
  const lines = out.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`hookscope: --db ${path}: `)).toBe(true);
  expect(lines[0]).toMatch(problem);
  expect(lines[0]).toMatch(/--db pointing elsewhere|another --db/);
  expect(out.stderr).not.toMatch(/\n\s+at /);
}

const start = (path: string, user: { uid?: number; gid?: number } = {}) => runToExit(['--port', '0', '--db', path], user);

function copyReal(name: string): string {
  const path = join(dir, name);
  execFileSync('cp', [join(dir, 'real.db'), path]);
  return path;
}

describe('a database file hookscope cannot use', () => {
  it('is not a database: a text file', async () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'these are my notes, not a database at all\n'.repeat(200));
    expectRefusal(await start(path), path, /is not a SQLite database.*move it aside/);
  });

  it('is damaged: a hookscope database with overwritten pages', async () => {
    const path = copyReal('damaged.db');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 4, 0xa5), 0, 4096 * 4, 4096 * 3);
    closeSync(fd);
    expectRefusal(await start(path), path, /is damaged.*move it aside/);
  });

  it("is another program's SQLite database", async () => {
    const path = join(dir, 'other-app.db');
    const other = new Database(path);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    other.close();
    expectRefusal(await start(path), path, /another program's SQLite database \(tables invoices\)/);
  });

  it('is a directory', async () => {
    const path = join(dir, 'a-directory.db');
    mkdirSync(path);
    expectRefusal(await start(path), path, /is a directory/);
  });

  it('lies under a path whose directory cannot be created', async () => {
    writeFileSync(join(dir, 'plain-file'), 'x');
    const path = join(dir, 'plain-file', 'sub', 'hookscope.db');
    expectRefusal(await start(path), path, /cannot create the directory .*plain-file is a file/);
  });

  it('is read-only for the user hookscope runs as', async () => {
    const path = copyReal('read-only.db');
    chmodSync(path, 0o444);
    expectRefusal(await start(path, asUser), path, /is read-only \(permission denied\)/);
  });

  it('cannot be read by the user hookscope runs as', async () => {
    const path = copyReal('unreadable.db');
    chmodSync(path, 0o000);
    expectRefusal(await start(path, asUser), path, /cannot be read \(permission denied\)/);
  });

  it('sits in a directory the user cannot write (no room for -wal and -shm)', async () => {
    const sub = join(dir, 'locked-dir');
    mkdirSync(sub);
    const path = join(sub, 'hookscope.db');
    execFileSync('cp', [join(dir, 'real.db'), path]);
    chmodSync(path, 0o666);
    chmodSync(sub, 0o555);
    expectRefusal(await start(path, asUser), path, /its directory .*locked-dir is not writable/);
    const fresh = join(sub, 'new.db');
    expectRefusal(await start(fresh, asUser), fresh, /its directory .*locked-dir is not writable/);
  });

  it.runIf(root)('is on a read-only file system', async () => {
    roMount = join(dir, 'ro-mount');
    mkdirSync(roMount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', roMount]);
    execFileSync('cp', [join(dir, 'real.db'), join(roMount, 'real.db')]);
    execFileSync('mount', ['-o', 'remount,ro', roMount]);
    const path = join(roMount, 'real.db');
    expectRefusal(await start(path), path, /is read-only \(read-only file system\)/);
    const nested = join(roMount, 'sub', 'new.db');
    expectRefusal(await start(nested), nested, /cannot create the directory .*read-only file system/);
  });
});
