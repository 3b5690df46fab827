// The selected request's full detail, loaded on selection and kept in a small cache so moving
// back and forth with j/k does not refetch. A stale answer (the selection moved on) is dropped.
import { signal } from '@preact/signals';
import type { RequestDetail } from '../core/wire.js';
import type { Api } from './api.js';

export type DetailState =
  | { status: 'none' }
  | { status: 'loading'; id: number }
  | { status: 'ready'; id: number; detail: RequestDetail }
  | { status: 'error'; id: number; message: string };

const CACHE_SIZE = 50;

export function createDetailState(api: Api) {
  const detail = signal<DetailState>({ status: 'none' });
  const cache = new Map<number, RequestDetail>();
  let bin = '';
  let wanted: number | null = null;

  async function fetchDetail(id: number): Promise<void> {
    const result = await api.getRequest(bin, id);
    if (wanted !== id) return;
    if (!result.ok) {
      detail.value = { status: 'error', id, message: result.status === 404 ? 'This request is gone (deleted or pruned).' : result.message };
      return;
    }
    cache.set(id, result.value);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as number);
    detail.value = { status: 'ready', id, detail: result.value };
  }

  return {
    detail,
    /** Forgets everything (another bin was opened). */
    reset(binId: string): void {
      bin = binId;
      wanted = null;
      cache.clear();
      detail.value = { status: 'none' };
    },
    show(id: number | null): Promise<void> {
      wanted = id;
      if (id === null) {
        detail.value = { status: 'none' };
        return Promise.resolve();
      }
      const cached = cache.get(id);
      if (cached) {
        detail.value = { status: 'ready', id, detail: cached };
        return Promise.resolve();
      }
      detail.value = { status: 'loading', id };
      return fetchDetail(id);
    },
    /** Signature verdicts changed (new secret): drop the cache and reload what is shown. */
    refresh(): Promise<void> {
      cache.clear();
      return wanted === null ? Promise.resolve() : fetchDetail(wanted);
    },
    forget(id: number): void {
      cache.delete(id);
    },
  };
}

export type DetailStore = ReturnType<typeof createDetailState>;
