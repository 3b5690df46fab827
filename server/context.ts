// Everything a route or the capture handler needs, built once by start.ts.
import type { ChannelStates } from './channels/channel-states.js';
import type { Config } from './config.js';
import type { Deriver } from './derive.js';
import type { StorageHealth } from './health/storage-health.js';
import type { Hub } from './live/hub.js';
import type { Lifecycle } from './lifecycle.js';
import type { LoopDelayReading } from './metrics/loop-delay.js';
import type { Metrics } from './metrics/registry.js';
import type { Store } from './store/index.js';

export interface Context {
  config: Config;
  /** The database, behind the store contract (server/store/contract.ts): engine-neutral. */
  store: Store;
  hub: Hub;
  /** Channel state derived from the webhooks of the bins someone asks about (server/channels/). */
  channels: ChannelStates;
  deriver: Deriver;
  now: () => number;
  /** The URL the server listens on (http://host:port), known after listen. */
  listenUrl: () => string;
  /** Prometheus counters (server/metrics): `ctx.metrics?.inc('hookscope_wait_calls_total', { outcome })`. */
  metrics?: Metrics;
  /** Event loop delay since start (server/metrics/loop-delay.ts), for /metrics. */
  loopDelay?: LoopDelayReading;
  /** Whether the store takes writes (server/health/storage-health.ts): /healthz, 507 storage_full. */
  health?: StorageHealth;
  /** The graceful stop (server/lifecycle.ts): draining flag, abort signal for long-polls. */
  lifecycle?: Lifecycle;
}
