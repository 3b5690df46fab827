import { useRef, useState } from 'preact/hooks';
import type { DecodedEvent } from '../../core/wire.js';
import { formatClock } from '../format.js';
import { JsonTree } from './json-tree.js';
import { useVirtual } from './use-virtual.js';

/** A collapsed row with one line of text; longer names wrap and the row is measured. */
const ROW_ESTIMATE = 27;
/** The header row above the first event (the rows' offset in the scroll box). */
const HEAD_HEIGHT = 28;

/**
 * One row per decoded event, windowed (a batch of 30,000 events renders the ~40 rows in view); a row
 * opens to show its `data` (parsed) and the event as sent. Names, channels and events wrap rather
 * than being cut: they are what the user came to read.
 */
export function EventsTable({ events }: { events: DecodedEvent[] }) {
  const [open, setOpen] = useState<Set<number>>(() => new Set(events.length === 1 ? [events[0].index] : []));
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtual({ count: events.length, scroller, estimate: ROW_ESTIMATE, measure: true, offset: HEAD_HEIGHT, key: (i) => events[i].index });
  const toggle = (index: number) => {
    const next = new Set(open);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    setOpen(next);
  };
  return (
    <div class="events-scroll" ref={scroller}>
      <table class="table events" aria-rowcount={events.length + 1}>
        <colgroup>
          <col class="w-n" /><col class="w-name" /><col class="w-channel" /><col class="w-event" /><col class="w-user" /><col class="w-socket" /><col class="w-time" />
        </colgroup>
        <thead>
          <tr><th class="num">#</th><th>Name</th><th>Channel</th><th>Event</th><th>user_id</th><th>socket_id</th><th>Time</th></tr>
        </thead>
        {v.before > 0 && <Spacer height={v.before} />}
        {v.items.map((item) => {
          const e = events[item.index];
          const expanded = open.has(e.index);
          return (
            <tbody key={e.index} class={expanded ? 'expanded' : ''} data-index={item.index} ref={v.measureElement}>
              <tr class="ev-row" onClick={() => toggle(e.index)} aria-expanded={expanded} aria-rowindex={item.index + 2} data-event={e.name}>
                <td class="num"><span class={`caret${expanded ? ' open' : ''}`} aria-hidden="true" />{e.index + 1}</td>
                <td title={e.name}><span class="ev-chip">{e.name}</span></td>
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
                        {e.data === undefined ? <p class="muted">No data.</p> : <JsonTree value={e.data} />}
                      </div>
                      <div>
                        <h4>event as sent</h4>
                        <JsonTree value={e.raw} open={false} />
                      </div>
                    </div>
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
        {v.after > 0 && <Spacer height={v.after} />}
      </table>
    </div>
  );
}

/** The rows above or below the window, as one empty row of their height. */
function Spacer({ height }: { height: number }) {
  return (
    <tbody aria-hidden="true">
      <tr class="ev-spacer"><td colSpan={7} style={{ height: `${height}px` }} /></tr>
    </tbody>
  );
}
