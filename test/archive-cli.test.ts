// `hookscope export BIN > FILE` and `hookscope import FILE --bin NAME` (issue 18) against a running
// hookscope: the file the first writes, the second restores; errors are one line and exit 1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { har as validateHar } from 'har-validator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHookscope, type HookscopeServer } from '../server/index.js';
import { fillBin, list, restorable } from './helpers/archive.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hookscope-archive-'));

function cli(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    proc.stdout.on('data', (c: Buffer) => out.push(c));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

let s: HookscopeServer;
let ids: number[];
beforeAll(async () => {
  s = await startHookscope({ port: 0, db: ':memory:', quiet: true, maxBody: 2048 });
  ids = await fillBin(s, 'src');
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

it('exports NDJSON to stdout and imports it into another bin, the same requests', async () => {
  const exported = await cli(['export', 'src', '--format', 'ndjson', '--from', s.url]);
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
  const file = join(dir, 'src.ndjson');
  writeFileSync(file, exported.stdout);
  expect(exported.stdout.toString().trimEnd().split('\n')).toHaveLength(ids.length);

  const imported = await cli(['import', file, '--bin', 'cli-copy', '--to', s.url]);
  expect(imported.code).toBe(0);
  const copies = (await list(s, 'cli-copy')).map((r) => r.id);
  expect(imported.stdout.toString()).toBe(`imported ${ids.length} requests from NDJSON into bin cli-copy (#${copies[0]}-#${copies.at(-1)})\n`);
  for (let i = 0; i < ids.length; i++) expect(await restorable(s, 'cli-copy', copies[i])).toEqual(await restorable(s, 'src', ids[i]));
});

it('exports HAR by default', async () => {
  const exported = await cli(['export', 'src', '--from', s.url, '--after', String(ids[2])]);
  expect(exported.code).toBe(0);
  const doc = JSON.parse(exported.stdout.toString()) as { log: { entries: unknown[] } };
  await expect(validateHar(doc)).resolves.toBeDefined();
  expect(doc.log.entries).toHaveLength(2);
});

it('prints what it skipped', async () => {
  const file = join(dir, 'partial.ndjson');
  const [first] = (await (await fetch(`${s.url}/api/bins/src/export?format=ndjson`)).text()).split('\n');
  writeFileSync(file, `${first}\n{oops\n`);
  const r = await cli(['import', file, '--bin', 'cli-partial', '--to', s.url]);
  expect(r.code).toBe(0);
  expect(r.stdout.toString()).toMatch(/^imported 1 request from NDJSON into bin cli-partial \(#\d+\)\nskipped 1:\n {2}line 2: not valid JSON\n$/);
});

it('fails with one line: unknown bin, unreadable file, unsupported file, bad arguments', async () => {
  const missing = await cli(['export', 'nope', '--from', s.url]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toBe('hookscope: bin_not_found: no bin "nope"\n');
  const noFile = await cli(['import', join(dir, 'absent.har'), '--bin', 'x', '--to', s.url]);
  expect(noFile.code).toBe(1);
  expect(noFile.stderr).toMatch(/^hookscope: cannot read .*absent\.har: ENOENT\n$/);
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'hello');
  const unsupported = await cli(['import', text, '--bin', 'x', '--to', s.url]);
  expect(unsupported.code).toBe(1);
  expect(unsupported.stderr).toMatch(/^hookscope: unsupported_import: expected a HAR 1.2 file/);
  const usage = await cli(['import', text]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('import needs --bin NAME');
  expect(readFileSync(text, 'utf8')).toBe('hello');
});
