#!/usr/bin/env node
// The only file that reads process.* (argv, env, signals).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ConfigError, parseConfig, usage } from './config.js';
import { exportUsage, importUsage, parseExportArgs, parseImportArgs, runExport, runImport } from './formats/archive-cli.js';
import { forwardUsage, parseForwardArgs, runForward } from './forward/forward-cli.js';
import { parseSendArgs, runSendCli, sendUsage } from './send/send-cli.js';
import { mcpUsage, parseMcpArgs } from './mcp/mcp-args.js';
import { startHookscope } from './start.js';
import { parseTailArgs, runTail, tailUsage } from './tail/tail-cli.js';
import { relayAuthMode } from './live/index.js';

const relayAuthNote = {
  credentials: '--relay-key/--relay-secret required',
  token: 'no relay credentials configured: the --token is the secret, any key',
  open: 'no credentials configured: any key/secret is accepted',
} as const;

const printLine = (line: string): void => void process.stdout.write(line + '\n');
const noteLine = (line: string): void => void process.stderr.write(line + '\n');

/**
 * A subcommand that follows a running hookscope until Ctrl-C: --help, argument errors (exit 2),
 * then `run` with a signal aborted by SIGINT/SIGTERM.
 */
async function subcommand<T>(
  name: string,
  argv: string[],
  usageText: string,
  parse: (argv: string[], env: NodeJS.ProcessEnv) => T,
  run: (options: T, signal: AbortSignal) => Promise<void | number>,
): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(usageText);
  let options: T;
  try {
    options = parse(argv, process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`hookscope ${name}: ${err.message}\n\n${usageText}`);
    process.exit(2);
  }
  const stop = new AbortController();
  process.on('SIGINT', () => stop.abort());
  process.on('SIGTERM', () => stop.abort());
  const code = await run(options, stop.signal);
  if (typeof code === 'number') process.exitCode = code;
}

/** --open: the platform's URL opener, detached; a machine without one just prints a note. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write(`hookscope: could not open a browser; visit ${url}\n`));
  child.unref();
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  // `hookscope forward BIN --to URL` delivers a bin's requests to your app (server/forward/forward-cli.ts);
  // `hookscope tail BIN` prints them as they arrive (server/tail/tail-cli.ts).
  if (command === 'forward') return subcommand('forward', rest, forwardUsage, parseForwardArgs, (o, signal) => runForward(o, printLine, signal));
  // `hookscope send --to URL --as soketi ...` plays a broadcast server against your app, in this process.
  if (command === 'send') {
    const parse = (argv: string[], env: NodeJS.ProcessEnv) => parseSendArgs(argv, env, (path) => readFileSync(path, 'utf8'), process.pid);
    return subcommand('send', rest, sendUsage, parse, (o, signal) => runSendCli(o, printLine, signal));
  }
  if (command === 'tail') return subcommand('tail', rest, tailUsage, parseTailArgs, (o, signal) => runTail(o, printLine, noteLine, signal));
  // `hookscope export BIN > FILE` / `hookscope import FILE --bin NAME` (server/formats/archive-cli.ts).
  if (command === 'export') return subcommand('export', rest, exportUsage, parseExportArgs, (o, signal) => runExport(o, process.stdout, signal));
  if (command === 'import') return subcommand('import', rest, importUsage, parseImportArgs, (o, signal) => runImport(o, printLine, signal));
  // `hookscope mcp` serves the MCP tools on stdin/stdout (server/mcp/mcp-cli.ts).
  if (command === 'mcp') return subcommand('mcp', rest, mcpUsage, parseMcpArgs, async (o, signal) => (await import('./mcp/mcp-cli.js')).runMcp(o, process.stdin, process.stdout, signal));
  let parsed;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`hookscope: ${err.message}\n\n${usage}`);
      process.exit(2);
    }
    throw err;
  }
  if (parsed.help) return void process.stdout.write(usage);
  if (parsed.version) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return void process.stdout.write(pkg.version + '\n');
  }
  const { config } = parsed;
  const server = await startHookscope({ ...config, pid: process.pid, idleGc: true });
  process.stdout.write(`hookscope listening on ${server.url}\n`);
  process.stdout.write(`database: ${server.context.store.location} (${server.context.store.engine})\n`);
  process.stdout.write(`relay stream at ${server.url.replace(/^http/, 'ws')}/v1/socket (${relayAuthNote[relayAuthMode(config)]})\n`);
  if (config.host !== '127.0.0.1' && config.host !== 'localhost' && config.host !== '::1' && !config.token) {
    process.stderr.write(`hookscope: warning: bound to ${config.host} without --token: anyone who can reach it can read captured requests\n`);
  }
  if (config.open) openBrowser(server.url + '/');
  // Graceful stop (server/lifecycle.ts): in-flight captures are answered, live sockets get 1001, the WAL
  // is checkpointed; busy connections are cut after 8 s, and the process is out within 10 s whatever
  // happens. A second signal quits at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`hookscope: ${signal}: stopping (answering requests in flight; ${signal === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again quits at once)\n`);
    setTimeout(() => {
      process.stderr.write('hookscope: did not stop within 10 s; quitting\n');
      process.exit(1);
    }, 10_000).unref();
    server.close({ graceMs: 8000 }).then(
      () => process.exit(0),
      (err: Error) => {
        process.stderr.write(`hookscope: ${err.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`hookscope: ${err.message}\n`);
  process.exit(1);
});
