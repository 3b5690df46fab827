// Counts API/viewer answers with status >= 400 by code (hookscope_http_errors_total{source="api"}).
import type { MiddlewareHandler } from 'hono';
import type { Metrics } from './registry.js';

export function countErrors(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status >= 400) metrics.inc('hookscope_http_errors_total', { source: 'api', code: c.res.status });
  };
}
