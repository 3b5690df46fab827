// The CLI warns when it listens on all interfaces without --token (anyone on the network could read captures).
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, startChild, waitExit } from './helpers/child.js';

let child: Child | undefined;
afterEach(async () => {
  if (child) {
    child.proc.kill('SIGTERM');
    await waitExit(child.proc);
    child = undefined;
  }
});

const warned = (out: string): boolean => /warning: bound to 0\.0\.0\.0 without --token/.test(out);

/** Resolves when the child's output matches, re-checked on each chunk it writes. */
function outputMatches(c: Child, re: RegExp, timeout = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!re.test(c.output())) return;
      clearTimeout(timer);
      c.proc.stdout?.off('data', check);
      c.proc.stderr?.off('data', check);
      resolve();
    };
    const timer = setTimeout(() => reject(new Error('no match for ' + re + ' in ' + c.output())), timeout);
    c.proc.stdout?.on('data', check);
    c.proc.stderr?.on('data', check);
    check();
  });
}

describe('cli bind warning', () => {
  it('warns on 0.0.0.0 without a token', async () => {
    child = await startChild(['--host', '0.0.0.0', '--port', '0', '--db', ':memory:']);
    await outputMatches(child, /warning: bound to 0\.0\.0\.0 without --token/);
    expect(warned(child.output())).toBe(true);
  }, 30_000);

  it('stays quiet with a token, and on 127.0.0.1 by default', async () => {
    child = await startChild(['--host', '0.0.0.0', '--port', '0', '--db', ':memory:'], { HOOKSCOPE_TOKEN: 'tok' });
    await outputMatches(child, /relay stream at/);
    // The warning would be written synchronously before the server answers anything.
    expect((await fetch(`${child.url.replace('0.0.0.0', '127.0.0.1')}/healthz`)).status).toBe(200);
    expect(warned(child.output())).toBe(false);
    child.proc.kill('SIGTERM');
    await waitExit(child.proc);
    child = await startChild(['--port', '0', '--db', ':memory:']);
    expect(child.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const res = await fetch(`${child.url}/api/bins`);
    expect(res.status).toBe(200);
  }, 30_000);
});
