import type { ChannelDetail } from '../../core/wire.js';
import { formatClock } from '../format.js';

interface Props {
  detail: ChannelDetail;
  onRequest: (id: number) => void;
}

/** Newest first; a row whose event showed an anomaly is marked and says which. */
export function ChannelTimeline({ detail, onRequest }: Props) {
  const marks = new Map<string, string[]>();
  for (const a of detail.anomalies) {
    const key = `${a.requestId}:${a.index}`;
    marks.set(key, [...(marks.get(key) ?? []), a.kind]);
  }
  const rows = [...detail.timeline].reverse();
  return (
    <table class="table ch-timeline">
      <thead>
        <tr><th>Time</th><th>Event</th><th>User</th><th>Request</th></tr>
      </thead>
      <tbody>
        {rows.map((t) => {
          const kinds = marks.get(`${t.requestId}:${t.index}`);
          return (
            <tr key={`${t.requestId}:${t.index}`} class={kinds ? 'anomalous' : ''} data-event={t.name} title={kinds?.join(', ')}>
              <td class="mono small">{formatClock(t.at)}</td>
              <td>
                <span class="ev-chip">{t.name}</span>
                {t.event !== undefined && <span class="mono small"> {t.event}</span>}
                {kinds && <span class="ch-anomaly"> ⚠ {kinds.join(', ')}</span>}
              </td>
              <td class="mono">{t.userId ?? ''}</td>
              <td><button type="button" class="link-btn mono" title="Open the request" onClick={() => onRequest(t.requestId)}>#{t.requestId}:{t.index}</button></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
