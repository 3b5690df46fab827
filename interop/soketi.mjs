// Start a real soketi 1.6.1 (installed in interop/node_modules) with a generated config that keeps
// every socket on loopback (formats.md 7(a)): host, metrics.host and cluster.* on 127.0.0.1,
// otherwise the metrics server binds 0.0.0.0 and node-discover UDP-broadcasts to 255.255.255.255.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChild } from './procs.mjs';

export const APP = { id: 'app-id', key: 'app-key', secret: 'app-secret' };

/** The webhook event types soketi 1.x knows (formats.md 2.1). */
export const EVENT_TYPES = ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event', 'cache_miss'];

export function soketiConfig({ port, metricsPort, clusterPort, webhookUrl, batching }) {
  const config = {
    host: '127.0.0.1',
    port,
    debug: false,
    // soketi waits this long after closing sockets before it exits (default 3000 ms).
    shutdownGracePeriod: 200,
    'cluster.hostname': '127.0.0.1',
    'cluster.address': '127.0.0.1',
    'cluster.unicast': '127.0.0.1',
    'cluster.port': clusterPort,
    'metrics.enabled': false,
    'metrics.host': '127.0.0.1',
    'metrics.port': metricsPort,
    'appManager.array.apps': [
      {
        ...APP,
        enableClientMessages: true,
        webhooks: [{ url: webhookUrl, event_types: EVENT_TYPES }],
      },
    ],
  };
  // formats.md 2.5: one process-wide batch, flushed 50 ms after the first event.
  if (batching) {
    config['webhooks.batching.enabled'] = true;
    config['webhooks.batching.duration'] = 50;
  }
  return config;
}

/**
 * Start soketi and wait until its HTTP port answers /ready. Returns
 * { port, wsUrl, httpUrl, config, proc, stop() }.
 */
export async function startSoketi({ interopDir, webhookUrl, batching = false, verbose = false, readyMs = 20_000 }) {
  const [port, metricsPort, clusterPort] = [await freePort(), await freePort(), await freePort()];
  const config = soketiConfig({ port, metricsPort, clusterPort, webhookUrl, batching });
  const dir = mkdtempSync(join(tmpdir(), 'hookscope-interop-'));
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  // Also removed when the harness exits early (SIGINT, watchdog) without reaching stop().
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  const env = batching ? { SOKETI_WEBHOOKS_BATCHING: 'true' } : { SOKETI_WEBHOOKS_BATCHING: 'false' };
  const proc = startChild(
    batching ? 'soketi-batched' : 'soketi',
    process.execPath,
    [join(interopDir, 'node_modules/@soketi/soketi/bin/server.js'), 'start', `--config=${configPath}`],
    { cwd: dir, env, verbose },
  );
  const httpUrl = `http://127.0.0.1:${port}`;
  try {
    await proc.waitFor(/Server is up and running/, readyMs);
    await pollReady(`${httpUrl}/ready`, readyMs);
  } catch (err) {
    await proc.stop();
    removeDir();
    throw new Error(`soketi did not start: ${err.message}\n${proc.lines.slice(-20).join('\n')}`);
  }
  return {
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/app/${APP.key}?protocol=7&client=js&version=8.4.0`,
    config,
    proc,
    async stop() {
      const exit = await proc.stop(5000);
      removeDir();
      return exit;
    },
  };
}

async function pollReady(url, ms) {
  const deadline = Date.now() + ms;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${ms} ms (${last})`);
}
