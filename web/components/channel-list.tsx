import type { ChannelSummary } from '../../core/wire.js';

interface Props {
  channels: ChannelSummary[];
  selected: string | null;
  onSelect: (name: string) => void;
}

/** Every channel the bin's webhooks mention: occupied first, member counts, anomalies marked. */
export function ChannelList({ channels, selected, onSelect }: Props) {
  if (channels.length === 0) return <p class="muted ch-empty">No channel events yet. Channel state is derived from channel_occupied, member_added, subscribe… webhooks.</p>;
  return (
    <ul class="ch-list" aria-label="Channels">
      {channels.map((c) => (
        <li key={c.name}>
          <button
            type="button"
            class={`ch-row${c.name === selected ? ' selected' : ''}`}
            data-channel={c.name}
            data-occupied={String(c.occupied)}
            aria-current={c.name === selected}
            title={c.name}
            onClick={() => onSelect(c.name)}
          >
            <span class={`ch-dot${c.occupied ? ' on' : ''}`} aria-label={c.occupied ? 'occupied' : 'not occupied'} />
            <span class="ch-name mono">{c.name}</span>
            <span class={`ch-type ch-type-${c.type}`}>{c.type}</span>
            {c.members !== undefined && <span class="ch-members" title="members present">{c.members.length} {c.members.length === 1 ? 'member' : 'members'}</span>}
            {c.subscriptionCount !== undefined && c.members === undefined && <span class="ch-members" title="subscriptions">{c.subscriptionCount} subs</span>}
            {c.anomalies > 0 && <span class="ch-anomaly" title={`${c.anomalies} anomalies`}>⚠ {c.anomalies}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
