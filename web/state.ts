// The viewer's state: signals and actions, no DOM (main.tsx binds it to the page, components read it).
// createViewerState(deps) takes the network as parameters so tests drive it with fakes.
import { computed, signal } from '@preact/signals';
import type { SendDelivery, SendInput } from '../core/send.js';
import type { Api, ApiResult, ReplayAnswer, ReplayInput } from './api.js';
import { createBinState } from './bin-state.js';
import { createChannelsState } from './channels-state.js';
import { createDetailState } from './detail-state.js';
import { emptyFilters, type Filters, viewQuery } from './filters.js';
import { createHomeState } from './home-state.js';
import type { Frame } from './live-batch.js';
import type { LiveConnect } from './live.js';
import { neighbourId } from './request-list.js';

export type Route = { page: 'home' } | { page: 'bin'; bin: string };

/** What the bin page shows: its requests, or the channel state derived from them. */
export type BinView = 'requests' | 'channels';

/** `view=channels&ch=NAME` after the filters' query string. */
export function withView(query: string, view: BinView, channel: string | null): string {
  if (view === 'requests') return query;
  const params = new URLSearchParams(query);
  params.set('view', 'channels');
  if (channel !== null) params.set('ch', channel);
  return `?${params.toString()}`;
}

export function parseView(search: string): { view: BinView; channel: string | null } {
  const params = new URLSearchParams(search);
  return { view: params.get('view') === 'channels' ? 'channels' : 'requests', channel: params.get('ch') };
}

export interface ViewerDeps {
  api: Api;
  live: LiveConnect;
  /** When coalesced live messages are applied: main.tsx passes animation frames; default at once. */
  frame?: Frame;
}

export function createViewerState(deps: ViewerDeps) {
  const route = signal<Route>({ page: 'home' });
  const home = createHomeState(deps.api);
  const details = createDetailState(deps.api);
  const selectedId = signal<number | null>(null);
  /** The bin's settings drawer. */
  const settingsOpen = signal(false);
  const view = signal<BinView>('requests');
  const channels = createChannelsState(deps.api);
  const bin = createBinState(deps.api, deps.live, {
    live: (message) => channels.onMessage(message),
    binChanged: () => void details.refresh(),
    answered: (id) => void details.reload(id),
    removed: (id) => {
      if (id !== null) details.forget(id);
      if (id === null || id === selectedId.value) select(null);
    },
  }, deps.frame);

  /** The path and query string the current view is shared as. */
  const location = computed(() => {
    const r = route.value;
    if (r.page === 'home') return '/';
    return `/b/${encodeURIComponent(r.bin)}${withView(viewQuery(bin.filters.value, selectedId.value), view.value, channels.selected.value)}`;
  });

  function select(id: number | null): void {
    selectedId.value = id;
    void details.show(id);
  }

  const move = (steps: number): void => {
    const next = neighbourId(bin.requests.value, selectedId.value, steps);
    if (next !== null && next !== selectedId.value) select(next);
  };

  return {
    route,
    location,
    home,
    bin,
    selectedId,
    settingsOpen,
    view,
    channels,
    detail: details.detail,
    openHome(): void {
      bin.close();
      channels.close();
      select(null);
      route.value = { page: 'home' };
      void home.load();
    },
    openBin(id: string, filters: Filters = emptyFilters, selected: number | null = null, shown: ReturnType<typeof parseView> = { view: 'requests', channel: null }): void {
      details.reset(id);
      settingsOpen.value = false;
      route.value = { page: 'bin', bin: id };
      view.value = shown.view;
      channels.open(id, shown.channel, shown.view === 'channels');
      bin.open(id, filters);
      select(selected);
    },
    /** Switches between the requests and the channels of the bin. */
    showView(next: BinView): void {
      view.value = next;
      channels.show(next === 'channels');
    },
    /** From a channel's timeline to the request that carried the event. */
    showRequest(id: number): void {
      view.value = 'requests';
      channels.show(false);
      select(id);
    },
    select,
    /** j / ArrowDown: the next older request. */
    selectNext: (): void => move(1),
    /** k / ArrowUp: the next newer request. */
    selectPrev: (): void => move(-1),
    closeDetail: (): void => select(null),
    async setFilters(patch: Partial<Filters>): Promise<void> {
      await bin.setFilters(patch);
    },
    async deleteRequest(id: number): Promise<void> {
      // Deleting the selected request moves the selection on, like a mail client.
      if (selectedId.value === id) move(1);
      if (selectedId.value === id) move(-1);
      await bin.remove(id);
    },
    clearBin: (): Promise<boolean> => bin.clear(),
    /** Download URL of the open bin's requests (the bin page's Export links). */
    exportUrl: (binId: string, format: 'har' | 'ndjson'): string => deps.api.exportUrl(binId, format),
    replay(id: number, input: ReplayInput): Promise<ApiResult<ReplayAnswer>> {
      const binId = bin.binId.value;
      if (binId === null) return Promise.resolve({ ok: false, status: 0, code: 'no_bin', message: 'no bin open' });
      return deps.api.replay(binId, id, input);
    },
    /** "Send a test webhook": hookscope plays a broadcast server (to this bin or any URL). */
    sendTest: (input: SendInput): Promise<ApiResult<SendDelivery[]>> => deps.api.send(input),
    async updateSecrets(patch: Parameters<typeof bin.updateSettings>[0]): Promise<{ ok: true } | { ok: false; message: string }> {
      const result = await bin.updateSettings(patch);
      if (result.ok) await details.refresh();
      return result;
    },
  };
}

export type ViewerState = ReturnType<typeof createViewerState>;
