import type { ChannelsStore } from '../channels-state.js';
import '../channels.css';
import { ChannelDetail } from './channel-detail.js';
import { ChannelList } from './channel-list.js';
import { TimingPanel } from './timing-panel.js';

interface Props {
  store: ChannelsStore;
  onRequest: (id: number) => void;
}

/** The bin's channels: the list, the selected channel, and the delivery timing above them. */
export function ChannelsView({ store, onRequest }: Props) {
  const timing = store.timing.value;
  const detail = store.detail.value;
  const selected = store.selected.value;
  return (
    <div class="channels-view" data-testid="channels-view">
      {timing && timing.requests > 0 && <TimingPanel timing={timing} />}
      {store.error.value && <p class="error small">{store.error.value}</p>}
      <div class="ch-split">
        <ChannelList channels={store.channels.value} selected={selected} onSelect={store.select} />
        {detail && detail.name === selected ? (
          <ChannelDetail detail={detail} onRequest={onRequest} />
        ) : (
          <p class="muted ch-detail ch-pick">{selected === null ? 'Pick a channel to see its members and timeline.' : 'Loading…'}</p>
        )}
      </div>
    </div>
  );
}
