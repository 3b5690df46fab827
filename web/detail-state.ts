// The selected request's full detail, loaded on selection and kept in a small cache so moving
// back and forth with j/k does not refetch. A stale answer (the selection moved on) is dropped.
import { signal } from '@preact/signals';
import type { Api, ViewerDetail } from './api.js';

export type DetailState =
  | { status: 'none' }
  | { status: 'loading'; id: number }
  | { status: 'ready'; id: number; detail: ViewerDetail }
  | { status: 'error'; id: number; message: string };

const CACHE_SIZE = 50;
/** Bodies kept in the cache at most (the request shown is always kept, whatever its size). */
const CACHE_BYTES = 32 * 1024 * 1024;

export function createDetailState(api: Api) {
  const detail = signal<DetailState>({ status: 'none' });
  const cache = new Map<number, ViewerDetail>();
  let cachedBytes = 0;
  const drop = (id: number): void => {
    const found = cache.get(id);
    if (found) cachedBytes -= found.bytes.length;
    cache.delete(id);
  };
  let bin = '';
  let wanted: number | null = null;

  async function fetchDetail(id: number): Promise<void> {
    const result = await api.getRequest(bin, id);
    if (wanted !== id) return;
    if (!result.ok) {
      detail.value = { status: 'error', id, message: result.status === 404 ? 'This request is gone (deleted or pruned).' : result.message };
      return;
    }
    drop(id);
    cache.set(id, result.value);
    cachedBytes += result.value.bytes.length;
    for (const oldest of cache.keys()) {
      if (oldest === id || (cache.size <= CACHE_SIZE && cachedBytes <= CACHE_BYTES)) break;
      drop(oldest);
    }
    detail.value = { status: 'ready', id, detail: result.value };
  }

  return {
    detail,
    /** Forgets everything (another bin was opened). */
    reset(binId: string): void {
      bin = binId;
      wanted = null;
      cache.clear();
      cachedBytes = 0;
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
      cachedBytes = 0;
      return wanted === null ? Promise.resolve() : fetchDetail(wanted);
    },
    forget(id: number): void {
      drop(id);
    },
    /** This request changed on the server (a passthrough answer came): reload it if it is shown. */
    reload(id: number): Promise<void> {
      cache.delete(id);
      return wanted === id ? fetchDetail(id) : Promise.resolve();
    },
  };
}

export type DetailStore = ReturnType<typeof createDetailState>;
