// The home page: the list of bins and creating one.
import { signal } from '@preact/signals';
import type { Bin } from '../core/wire.js';
import type { Api, BinInput, ImportAnswer } from './api.js';

export function createHomeState(api: Api) {
  const bins = signal<Bin[]>([]);
  const loading = signal(false);
  const error = signal<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    const result = await api.listBins();
    loading.value = false;
    if (result.ok) {
      bins.value = result.value;
      error.value = null;
    } else {
      error.value = result.message;
    }
  }

  return {
    bins,
    loading,
    error,
    load,
    async create(input: BinInput): Promise<{ ok: true; bin: Bin } | { ok: false; message: string }> {
      const result = await api.createBin(input);
      if (!result.ok) return { ok: false, message: result.message };
      bins.value = [result.value, ...bins.value.filter((b) => b.id !== result.value.id)];
      return { ok: true, bin: result.value };
    },
    /** Imports a HAR or NDJSON file into `bin`, then reloads the list (the bin may be new). */
    async importFile(bin: string, file: Blob): Promise<{ ok: true; answer: ImportAnswer } | { ok: false; message: string }> {
      const result = await api.importFile(bin, file);
      if (!result.ok) return { ok: false, message: result.message };
      await load();
      return { ok: true, answer: result.value };
    },
  };
}

export type HomeStore = ReturnType<typeof createHomeState>;
