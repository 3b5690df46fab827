// A throwaway PostgreSQL server for tests and the bench: Debian's initdb + pg_ctl (package `postgresql`)
// in a temp directory, listening on 127.0.0.1 at a free port (password auth) and on a Unix socket in
// that directory (trust). As root, every PostgreSQL command runs as the `postgres` user (runuser),
// which owns the directory. stop() shuts it down and removes the directory.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgClusterOptions {
  /** fsync off makes a test run fast; durability of what hookscope acknowledges still rests on COMMIT. Default true. */
  fsync?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

export interface PgCluster {
  dir: string;
  port: number;
  user: string;
  password: string;
  /** postgres://user:password@127.0.0.1:port/<db> */
  url(db?: string): string;
  /** Data directory's postmaster pid (the bench reads the CPU of its processes). */
  postmasterPid(): number;
  /** pg_ctl stop -m fast, then start again on the same port and data (a server restart under clients). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/<major>/bin). */
export function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const major of majors) if (existsSync(join(root, major, 'bin', 'pg_ctl'))) return join(root, major, 'bin');
  throw new Error('PostgreSQL is not installed (/usr/lib/postgresql/<version>/bin/pg_ctl): apt-get install postgresql');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(bin: string, args: string[]): Promise<string> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

export async function startPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-pg-'));
  const data = join(dir, 'data');
  const password = 'hookscope-test-pw';
  const user = 'postgres';
  writeFileSync(join(dir, 'pw'), password + '\n');
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pw'), uid, gid);
  }
  await run(join(bin, 'initdb'), ['-D', data, '-U', user, '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${join(dir, 'pw')}`, '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: dir,
    fsync: opts.fsync === false ? 'off' : 'on',
    synchronous_commit: 'on',
    max_connections: 300,
    ...(opts.fsync === false && { full_page_writes: 'off' }),
    ...opts.settings,
  };
  const serverArgs = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  const start = () => run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', serverArgs, 'start']);
  await start();
  const cluster: PgCluster = {
    dir,
    port,
    user,
    password,
    url: (db = 'postgres') => `postgres://${user}:${password}@127.0.0.1:${port}/${db}`,
    postmasterPid: () => {
      const text = readFileSync(join(data, 'postmaster.pid'), 'utf8');
      return Number(text.split('\n')[0]);
    },
    async restart() {
      await run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-m', 'fast', 'stop']);
      await start();
    },
    async stop() {
      try {
        await run(join(bin, 'pg_ctl'), ['-D', data, '-w', '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no `postgres` user (it comes with the postgresql package)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
