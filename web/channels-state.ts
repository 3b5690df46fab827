// The Channels view of a bin: the channel list, the selected channel's detail and the delivery
// timing, loaded from the API and kept current by the live socket's `channels` messages.
// Signals and actions only, no DOM (components/channels-view.tsx renders it).
import { batch, signal } from '@preact/signals';
import type { ChannelDetail, ChannelSummary, DeliveryTiming } from '../core/wire.js';
import type { Api } from './api.js';
import type { LiveMessage } from './live.js';

/** Timing is refetched at most this often while requests arrive. */
export const TIMING_REFRESH_MS = 1000;

/** Occupied first, then by name. */
export function sortChannels(list: readonly ChannelSummary[]): ChannelSummary[] {
  return [...list].sort((a, b) => Number(b.occupied) - Number(a.occupied) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function mergeChannels(list: readonly ChannelSummary[], changed: readonly ChannelSummary[]): ChannelSummary[] {
  const byName = new Map(list.map((c) => [c.name, c]));
  for (const c of changed) byName.set(c.name, c);
  return sortChannels([...byName.values()]);
}

export function createChannelsState(api: Api) {
  const binId = signal<string | null>(null);
  const channels = signal<ChannelSummary[]>([]);
  const selected = signal<string | null>(null);
  const detail = signal<ChannelDetail | null>(null);
  const timing = signal<DeliveryTiming | null>(null);
  const loaded = signal(false);
  const error = signal<string | null>(null);
  let generation = 0;
  /** The Channels tab is on screen: only then is the timing fetched and kept current. */
  let visible = false;
  let timingTimer: ReturnType<typeof setTimeout> | undefined;
  // One detail request at a time; a change meanwhile asks for one more afterwards.
  let detailLoading = false;
  let detailDirty = false;

  async function loadList(): Promise<void> {
    const id = binId.value;
    if (id === null) return;
    const gen = generation;
    const result = await api.listChannels(id);
    if (gen !== generation) return;
    batch(() => {
      loaded.value = true;
      if (result.ok) {
        channels.value = sortChannels(result.value.channels);
        error.value = null;
      } else if (result.status !== 404) error.value = result.message;
    });
  }

  async function loadDetail(): Promise<void> {
    const id = binId.value;
    const name = selected.value;
    if (id === null || name === null) return;
    if (detailLoading) return void (detailDirty = true);
    detailLoading = true;
    const gen = generation;
    const result = await api.getChannel(id, name);
    detailLoading = false;
    if (gen !== generation || name !== selected.value) return;
    detail.value = result.ok ? result.value : null;
    if (detailDirty) {
      detailDirty = false;
      void loadDetail();
    }
  }

  async function loadTiming(): Promise<void> {
    const id = binId.value;
    if (id === null) return;
    const gen = generation;
    const result = await api.getTiming(id);
    if (gen === generation && result.ok) timing.value = result.value;
  }

  function timingSoon(): void {
    if (!visible || timingTimer !== undefined) return;
    timingTimer = setTimeout(() => {
      timingTimer = undefined;
      void loadTiming();
    }, TIMING_REFRESH_MS);
  }

  function reset(): void {
    generation++;
    clearTimeout(timingTimer);
    timingTimer = undefined;
    detailLoading = false;
    detailDirty = false;
    batch(() => {
      channels.value = [];
      detail.value = null;
      timing.value = null;
      loaded.value = false;
      error.value = null;
    });
  }

  return {
    binId, channels, selected, detail, timing, loaded, error,
    open(id: string, channel: string | null = null, shown = false): void {
      reset();
      visible = shown;
      batch(() => {
        binId.value = id;
        selected.value = channel;
      });
      void loadList();
      void loadDetail();
      if (visible) void loadTiming();
    },
    /** The Channels tab came on screen (true) or left it. */
    show(on: boolean): void {
      if (on && !visible) void loadTiming();
      visible = on;
      if (!on) {
        clearTimeout(timingTimer);
        timingTimer = undefined;
      }
    },
    close(): void {
      reset();
      batch(() => {
        binId.value = null;
        selected.value = null;
      });
    },
    select(name: string | null): void {
      if (name === selected.value) return;
      batch(() => {
        selected.value = name;
        detail.value = null;
      });
      void loadDetail();
    },
    /** Every live message of the bin's socket passes here. */
    onMessage(message: LiveMessage): void {
      if (binId.value === null) return;
      switch (message.type) {
        case 'hello':
          // (Re)connected: channels messages may have been missed meanwhile.
          if (loaded.value) void loadList();
          return;
        case 'channels':
          channels.value = mergeChannels(channels.value, message.changed);
          if (selected.value !== null && message.changed.some((c) => c.name === selected.value)) void loadDetail();
          return;
        case 'requests':
          return timingSoon();
        case 'cleared':
          batch(() => {
            channels.value = [];
            detail.value = null;
          });
          if (visible) void loadTiming();
          return;
        default:
          return;
      }
    },
  };
}

export type ChannelsStore = ReturnType<typeof createChannelsState>;
