// --db with a URL: postgres:// and postgresql:// (flag or HOOKSCOPE_DB) use PostgreSQL; a scheme
// hookscope does not know, an unreachable server, a refused password or a missing database are one
// line on stderr naming the server (never the password) and exit 1.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startChild, waitExit } from './helpers/child.js';
import { json } from './helpers/http.js';
import { newPgDatabase } from './helpers/test-db.js';

const root = fileURLToPath(new URL('../', import.meta.url));

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--port', '0', ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    proc.on('exit', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function expectOneLine(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/secret-pw|hookscope-test-pw|\bat \S+:\d+:\d+\)/);
}

describe('--db URL', () => {
  it('refuses a scheme it does not know instead of taking it for a file path', async () => {
    const r = await runCli(['--db', 'mysql://me:secret-pw@db.example:3306/hooks']);
    expectOneLine(r, /^hookscope: --db mysql:\/\/\.\.\.: unknown database URL scheme "mysql"/);
    expect(existsSync(join(root, 'mysql:'))).toBe(false); // once it became a folder and a SQLite file
  });

  it('names an unreachable server and says what to check', async () => {
    const port = await closedPort();
    const r = await runCli([], { HOOKSCOPE_DB: `postgres://me:secret-pw@127.0.0.1:${port}/hooks` });
    expectOneLine(r, new RegExp(`^hookscope: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port} \\(database "hooks", user "me"\\).*Is the server running`));
  });

  it('says when the server refuses the password, or the database does not exist', async () => {
    const db = await newPgDatabase();
    const wrong = db.replace(/:[^:@/]+@/, ':secret-pw@');
    expectOneLine(await runCli(['--db', wrong]), /^hookscope: PostgreSQL at 127\.0\.0\.1:\d+ \(database "t_\w+", user "postgres"\) refused the login: .*Check the user and password/);
    const missing = db.replace(/\/[^/]+$/, '/no_such_db');
    expectOneLine(await runCli(['--db', missing]), /^hookscope: PostgreSQL at .*\(database "no_such_db".*does not exist\. Create it first/);
  });

  it('starts on postgresql:// from HOOKSCOPE_DB and says where its data is (without the password)', async () => {
    const db = (await newPgDatabase()).replace(/^postgres:/, 'postgresql:');
    const child = await startChild(['--port', '0'], { HOOKSCOPE_DB: db });
    try {
      expect((await json(`${child.url}/healthz`)).status).toBe(200);
      for (let i = 0; i < 100 && !/database: /.test(child.output()); i++) await new Promise((r) => setTimeout(r, 20));
      expect(child.output()).toMatch(/database: postgres:\/\/postgres@127\.0\.0\.1:\d+\/t_\w+ \(postgres\)/);
      expect(child.output()).not.toContain('hookscope-test-pw');
    } finally {
      child.proc.kill('SIGTERM');
      await waitExit(child.proc);
    }
  });
});
