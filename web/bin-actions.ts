// The open bin's changes that go through the API first: clear, delete one request, change settings.
// Their effect on the list is the same as the live message the server also sends (applied once:
// the list operations are idempotent).
import type { Signal } from '@preact/signals';
import type { Bin } from '../core/wire.js';
import type { Api, BinInput } from './api.js';
import type { LiveMessage } from './live.js';

export interface BinCore {
  binId: Signal<string | null>;
  bin: Signal<Bin | null>;
  error: Signal<string | null>;
  onMessage(message: LiveMessage): void;
  refresh(): Promise<void>;
}

export function createBinActions(api: Api, core: BinCore) {
  return {
    async clear(): Promise<boolean> {
      const id = core.binId.value;
      if (id === null) return false;
      const result = await api.clearRequests(id);
      if (result.ok) core.onMessage({ type: 'cleared' });
      else core.error.value = result.message;
      return result.ok;
    },
    async remove(requestId: number): Promise<boolean> {
      const id = core.binId.value;
      if (id === null) return false;
      const result = await api.deleteRequest(id, requestId);
      if (result.ok || result.status === 404) core.onMessage({ type: 'deleted', id: requestId });
      return result.ok;
    },
    /** Secrets or response settings; the server re-verifies on a secret change, so the list is refetched. */
    async updateSettings(patch: BinInput): Promise<{ ok: true } | { ok: false; message: string }> {
      const id = core.binId.value;
      if (id === null) return { ok: false, message: 'no bin open' };
      const result = await api.updateBin(id, patch);
      if (!result.ok) return { ok: false, message: result.message };
      core.bin.value = result.value;
      await core.refresh();
      return { ok: true };
    },
  };
}
