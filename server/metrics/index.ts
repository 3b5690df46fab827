export { createMetrics, escapeLabel, known, renderLabels, type Labels, type Metrics } from './registry.js';
export { type CaptureCounts, createCaptureCounts } from './capture-counts.js';
export { metricsRoutes } from './metrics-routes.js';
export { countErrors } from './errors-middleware.js';
export { countWaits } from './wait-middleware.js';
