import type { ChannelDetail as Detail } from '../../core/wire.js';
import { formatDateTime } from '../format.js';
import { ChannelTimeline } from './channel-timeline.js';

interface Props {
  detail: Detail;
  onRequest: (id: number) => void;
}

/** Member info as sent, shown as JSON text (never markup). */
const info = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v));

/** The selected channel: state, members, anomalies and the timeline with links to the requests. */
export function ChannelDetail({ detail: d, onRequest }: Props) {
  return (
    <section class="ch-detail" aria-label={`Channel ${d.name}`} data-channel={d.name}>
      <header class="ch-head">
        <h2 class="mono ch-title">{d.name}</h2>
        <span class={`ch-type ch-type-${d.type}`}>{d.type}</span>
        <span class={`ch-state${d.occupied ? ' on' : ''}`} data-testid="channel-occupied">{d.occupied ? 'occupied' : 'not occupied'}</span>
        {d.subscriptionCount !== undefined && <span class="muted small">{d.subscriptionCount} subscriptions</span>}
        <span class="muted small">as of request #{d.asOf}</span>
      </header>
      <p class="muted small">First event {formatDateTime(d.firstEventAt)} · last {formatDateTime(d.lastEventAt)}</p>
      <h3 class="ch-h3">Members <span class="muted">{d.members.length}</span></h3>
      {d.members.length === 0 ? (
        <p class="muted small" data-testid="no-members">Nobody present.</p>
      ) : (
        <ul class="ch-member-list" data-testid="members">
          {d.members.map((m) => (
            <li key={m.userId} data-user={m.userId}>
              <span class="mono ch-user">{m.userId}</span>
              {m.userInfo !== undefined && <span class="mono muted small ch-info" title={info(m.userInfo)}>{info(m.userInfo)}</span>}
            </li>
          ))}
        </ul>
      )}
      {d.anomalyCount > 0 && (
        <>
          <h3 class="ch-h3">Anomalies <span class="muted">{d.anomalyCount}</span></h3>
          <ul class="ch-anomalies">
            {d.anomalies.map((a) => (
              <li key={`${a.requestId}:${a.index}:${a.kind}`} class={`ch-anomaly-row kind-${a.kind}`} data-kind={a.kind}>
                <span class="ch-kind mono">{a.kind}</span> {a.message}{' '}
                <button type="button" class="link-btn" onClick={() => onRequest(a.requestId)}>#{a.requestId}</button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 class="ch-h3">Timeline <span class="muted">{d.timelineCount > d.timeline.length ? `last ${d.timeline.length} of ${d.timelineCount}` : d.timelineCount}</span></h3>
      <ChannelTimeline detail={d} onRequest={onRequest} />
    </section>
  );
}
