import type { Signal } from '@preact/signals';
import type { StorageHealth } from '../api.js';

/** Shown while hookscope's storage refuses writes (GET /healthz 503): captures get 507 meanwhile. */
export function StorageBanner({ health }: { health: Signal<StorageHealth> }) {
  const h = health.value;
  if (h.status !== 'degraded') return null;
  return (
    <div class="storage-banner" role="alert" data-testid="storage-banner">
      <strong>Storage problem:</strong> <span class="storage-reason">{h.reason}</span>. Captures are answered{' '}
      <code>507 storage_full</code> until hookscope has made room (it removes the oldest requests first).
    </div>
  );
}
