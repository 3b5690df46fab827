export { healthRoutes } from './health-routes.js';
export { createStorageHealth, storageFullMessage, type HealthState, type StorageHealth } from './storage-health.js';
