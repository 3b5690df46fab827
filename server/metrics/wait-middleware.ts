// Counts calls of the wait API by outcome, from the status wait-routes.ts answers with:
// 200 match, 408 timeout, 410 bin deleted, 499 client gone, anything else an error.
import type { MiddlewareHandler } from 'hono';
import type { Metrics } from './registry.js';

const outcomes: Record<number, string> = { 200: 'match', 408: 'timeout', 410: 'bin_deleted', 499: 'aborted' };

export function countWaits(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    metrics.inc('hookscope_wait_calls_total', { outcome: outcomes[c.res.status] ?? 'error' });
  };
}
