import { useState } from 'preact/hooks';
import type { DecodedEvent } from '../../core/wire.js';
import { formatClock } from '../format.js';
import { JsonTree } from './json-tree.js';

/** One row per decoded event; a row opens to show its `data` (parsed) and the event as sent. */
export function EventsTable({ events }: { events: DecodedEvent[] }) {
  const [open, setOpen] = useState<Set<number>>(() => new Set(events.length === 1 ? [events[0].index] : []));
  const toggle = (index: number) => {
    const next = new Set(open);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    setOpen(next);
  };
  return (
    <table class="table events">
      <colgroup>
        <col class="w-n" /><col /><col /><col /><col /><col /><col class="w-time" />
      </colgroup>
      <thead>
        <tr><th class="num">#</th><th>Name</th><th>Channel</th><th>Event</th><th>user_id</th><th>socket_id</th><th>Time</th></tr>
      </thead>
      {events.map((e) => {
        const expanded = open.has(e.index);
        return (
          <tbody key={e.index} class={expanded ? 'expanded' : ''}>
            <tr class="ev-row" onClick={() => toggle(e.index)} aria-expanded={expanded} data-event={e.name}>
              <td class="num"><span class={`caret${expanded ? ' open' : ''}`} aria-hidden="true" />{e.index + 1}</td>
              <td><span class="ev-chip">{e.name}</span></td>
              <td class="mono" title={e.channel}>{e.channel ?? ''}</td>
              <td class="mono" title={e.event}>{e.event ?? ''}</td>
              <td class="mono" title={e.userId}>{e.userId ?? ''}</td>
              <td class="mono" title={e.socketId}>{e.socketId ?? ''}</td>
              <td class="mono muted">{e.time === undefined ? '' : formatClock(e.time)}</td>
            </tr>
            {expanded && (
              <tr class="ev-detail">
                <td />
                <td colSpan={6}>
                  <div class="ev-panes">
                    <div>
                      <h4>data</h4>
                      {e.data === undefined ? <p class="muted">No data.</p> : <div class="json-tree"><JsonTree value={e.data} /></div>}
                    </div>
                    <div>
                      <h4>event as sent</h4>
                      <div class="json-tree"><JsonTree value={e.raw} open={false} /></div>
                    </div>
                  </div>
                </td>
              </tr>
            )}
          </tbody>
        );
      })}
    </table>
  );
}
